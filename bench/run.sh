#!/usr/bin/env bash
# Runs the benchmarks (not part of the test run) and prints their tables as Markdown:
#   B1 cold start (whole process, median of 9), B2 wait cost (simulated time, real HTTP), B3 scale (1,000 waits).
# Usage, from a clone:  bench/run.sh     (builds first; loopback only; takes about two minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench -DskipTests package
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
echo "## $(date -u +'%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo
echo "### B1 cold start"
bench/cold-start.sh 9
echo
echo "### B2 wait cost"
java -cp "$cp" io.github.rootlyworkflowrun.bench.WaitCostBenchmark
echo
echo "### B3 scale"
java -Xmx512m -cp "$cp" io.github.rootlyworkflowrun.bench.ScaleBenchmark emulator/target/rootly-api-emulator.jar

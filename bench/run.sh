#!/usr/bin/env bash
# Runs the benchmarks (not part of the test run) and prints their tables as Markdown:
#   B1 cold start (whole process, median of 9), B2 wait cost (simulated time, real HTTP), B3 scale (1,000 waits),
#   B4 webhooks (simulated time, real HTTP and real webhooks; one real-time check) and the inbox's receive time,
#   B5 pulses (simulated time, real HTTP).
# Usage, from a clone:  bench/run.sh     (builds first; loopback only; takes about four minutes)
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
echo
echo "### B4 webhooks"
java -Xmx512m -cp "$cp" io.github.rootlyworkflowrun.bench.WebhookBenchmark
echo
echo "### B4 inbox: receive with 1,000 pending waits"
java -Xmx512m -cp "$cp" io.github.rootlyworkflowrun.bench.InboxBenchmark
echo
echo "### B5 pulses"
java -cp "$cp" io.github.rootlyworkflowrun.bench.PulseBenchmark

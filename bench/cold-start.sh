#!/usr/bin/env bash
# B1 cold start: a create-only run of the built CLI jar against a local emulator, whole process, timed N times
# (median reported), beside curl sending the same POST and a bare JVM start. Loopback only.
# Usage: bench/cold-start.sh [runs=5]   (after ./mvnw -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cli=cli/target/rootly-workflow-run.jar
emu=emulator/target/rootly-api-emulator.jar
[ -f "$cli" ] && [ -f "$emu" ] || { echo "build first: ./mvnw -B -DskipTests package" >&2; exit 2; }
token=bench-token
fifo=$(mktemp -u); mkfifo "$fifo"; rss_file=$(mktemp)
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
java -jar "$emu" --token "$token" > "$fifo" 2>/dev/null & emu_pid=$!
trap 'kill $emu_pid 2>/dev/null; rm -f "$fifo"' EXIT
read -r url < "$fifo"
wf=deploy-succeeds
body='{"data":{"type":"workflow_runs","attributes":{"immediate":true,"check_conditions":false,"context":{}}}}'

# Times one command $runs times; prints the median wall time (ms) and the median peak RSS (MiB).
measure() {
  local label=$1; shift
  local times=() rss=()
  for _ in $(seq "$runs"); do
    local start end kb
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$rss_file" "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    kb=$(tail -1 "$rss_file")
    times+=($(( (end - start) / 1000000 )))
    rss+=($(( kb / 1024 )))
  done
  local tm rm
  tm=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  rm=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  printf '| %s | %s | %s | %s |\n' "$label" "$tm" "$rm" "$(printf '%s ' "${times[@]}")"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); $(date -u +%F)"
echo "| command | median ms | median peak RSS MiB | all runs ms |"
echo "|---|---|---|---|"
measure "bare JVM (java -version)" java -Xshare:auto -version
measure "curl POST (same request)" curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" \
  -H "Content-Type: application/vnd.api+json" -d "$body" "$url/v1/workflows/$wf/workflow_runs"
export ROOTLY_API_TOKEN=$token
measure "rootly-workflow-run create (default JVM flags)" java -jar "$cli" --workflow "$wf" --api-url "$url" --no-ci-context
measure "rootly-workflow-run create (action flags: C1, SerialGC)" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$cli" \
  --workflow "$wf" --api-url "$url" --no-ci-context
# JDK 25's AOT cache (JEP 483/514): classes loaded and linked ahead of time, from one training run.
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
if [ -x "$java25" ]; then
  aot=$(mktemp -d)/rwr.aot
  "$java25" -XX:AOTCacheOutput="$aot" -jar "$cli" --workflow "$wf" --api-url "$url" --no-ci-context >/dev/null 2>&1
  measure "rootly-workflow-run create (JDK 25, action flags, no cache)" "$java25" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -jar "$cli" --workflow "$wf" --api-url "$url" --no-ci-context
  measure "rootly-workflow-run create (JDK 25, action flags + AOT cache)" "$java25" -XX:AOTCache="$aot" \
    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$cli" --workflow "$wf" --api-url "$url" --no-ci-context
  measure "rootly-workflow-run --version (JDK 25 + AOT cache): the floor" "$java25" -XX:AOTCache="$aot" \
    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$cli" --version
fi
if [ "${CDS:-1}" = 1 ]; then
  archive=$(mktemp -d)/rwr.jsa
  java -XX:ArchiveClassesAtExit="$archive" -jar "$cli" --workflow "$wf" --api-url "$url" --no-ci-context >/dev/null 2>&1
  measure "rootly-workflow-run create (action flags + AppCDS)" java -XX:SharedArchiveFile="$archive" -XX:TieredStopAtLevel=1 \
    -XX:+UseSerialGC -jar "$cli" --workflow "$wf" --api-url "$url" --no-ci-context
fi

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

java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[ -x "$java25" ] || java25=""
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)   # the action's flags
args=(--workflow "$wf" --api-url "$url" --no-ci-context)
work=$(mktemp -d)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1)${java25:+; $("$java25" -version 2>&1 | head -1)}; $(date -u '+%F %H:%M') UTC"
echo "| command | median ms | median peak RSS MiB | all runs ms |"
echo "|---|---|---|---|"
measure "bare JVM 17 (java -version)" java -Xshare:auto -version
[ -z "$java25" ] || measure "bare JVM 25 (java -version)" "$java25" -version
measure "curl POST (same request)" curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" \
  -H "Content-Type: application/vnd.api+json" -d "$body" "$url/v1/workflows/$wf/workflow_runs"
export ROOTLY_API_TOKEN=$token
measure "JDK 17, default JVM flags" java -jar "$cli" "${args[@]}"
measure "JDK 17, action flags (C1, SerialGC)" java "${flags[@]}" -jar "$cli" "${args[@]}"
# AppCDS: a dynamic archive of the classes one run loads, written at the exit of a training run.
java -XX:ArchiveClassesAtExit="$work/rwr.jsa" -jar "$cli" "${args[@]}" >/dev/null 2>&1
measure "JDK 17, action flags + AppCDS archive" java -XX:SharedArchiveFile="$work/rwr.jsa" "${flags[@]}" -jar "$cli" "${args[@]}"
if [ -n "$java25" ]; then
  measure "JDK 25, action flags" "$java25" "${flags[@]}" -jar "$cli" "${args[@]}"
  # What the action does on self-hosted runners: the first run writes the archive (not timed), later runs use it.
  auto=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$work/auto.jsa")
  "$java25" "${flags[@]}" "${auto[@]}" -jar "$cli" "${args[@]}" >/dev/null 2>&1
  measure "JDK 25, action flags + auto-created CDS archive" "$java25" "${flags[@]}" "${auto[@]}" -jar "$cli" "${args[@]}"
  # JDK 25's AOT cache (JEP 483/514/515): classes loaded and linked ahead of time, from one training run.
  "$java25" -XX:AOTCacheOutput="$work/rwr.aot" -jar "$cli" "${args[@]}" >/dev/null 2>&1
  measure "JDK 25, action flags + AOT cache" "$java25" -XX:AOTCache="$work/rwr.aot" "${flags[@]}" -jar "$cli" "${args[@]}"
  measure "--version only, JDK 25 + AOT cache: the floor" "$java25" -XX:AOTCache="$work/rwr.aot" "${flags[@]}" \
    -jar "$cli" --version
fi
rm -rf "$work"

#!/usr/bin/env bash
# B1 A/B: two builds of the CLI jar timed interleaved (A, B, A, B, ...) on the same create-only run as
# bench/cold-start.sh, so a shared or drifting machine slows both alike. Prints the median of each per configuration.
# Usage: bench/cold-start-ab.sh A.jar B.jar [runs=11]   (the emulator from emulator/target serves both)
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 runs=${3:-11}
emu=emulator/target/rootly-api-emulator.jar
[ -f "$a" ] && [ -f "$b" ] && [ -f "$emu" ] || { echo "usage: $0 A.jar B.jar [runs]; build the emulator first" >&2; exit 2; }
token=bench-token
fifo=$(mktemp -u); mkfifo "$fifo"; work=$(mktemp -d)
java -jar "$emu" --token "$token" > "$fifo" 2>/dev/null & emu_pid=$!
trap 'kill $emu_pid 2>/dev/null; rm -rf "$fifo" "$work"' EXIT
read -r url < "$fifo"
export ROOTLY_API_TOKEN=$token
args=(--workflow deploy-succeeds --api-url "$url" --no-ci-context)
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

# One configuration: $1 a label, then a command in which @JAR@ stands for the jar (archives are named after it).
compare() {
  local label=$1; shift
  local ta=() tb=()
  for _ in $(seq "$runs"); do
    ta+=("$(ms "${@//@JAR@/$a}")")
    tb+=("$(ms "${@//@JAR@/$b}")")
  done
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(median "${ta[@]}")" "$(median "${tb[@]}")" "${ta[*]}" "${tb[*]}"
}

for j in "$a" "$b"; do
  java -jar "$j" "${args[@]}" >/dev/null 2>&1 || { echo "$j does not complete the run; not timing it" >&2; exit 1; }
done
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); $(date -u '+%F %H:%M') UTC"
echo "A: $a ($(stat -c %s "$a") bytes)   B: $b ($(stat -c %s "$b") bytes)"
echo "| configuration | A median ms | B median ms | A runs | B runs |"
echo "|---|---|---|---|---|"
compare "JDK 17, action flags" java "${flags[@]}" -jar @JAR@ "${args[@]}"
for j in "$a" "$b"; do
  java -XX:ArchiveClassesAtExit="$j.jsa" -jar "$j" "${args[@]}" >/dev/null 2>&1
done
compare "JDK 17, action flags + AppCDS archive" java -XX:SharedArchiveFile=@JAR@.jsa "${flags[@]}" -jar @JAR@ "${args[@]}"
if [ -x "$java25" ]; then
  for j in "$a" "$b"; do
    "$java25" -XX:AOTCacheOutput="$j.aot" -jar "$j" "${args[@]}" >/dev/null 2>&1
  done
  compare "JDK 25, action flags + AOT cache" "$java25" -XX:AOTCache=@JAR@.aot "${flags[@]}" -jar @JAR@ "${args[@]}"
fi

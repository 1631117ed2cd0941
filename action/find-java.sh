#!/usr/bin/env bash
# Finds a Java 17+ already on the runner and writes its path as the step output `java` (empty if none).
# Hosted runners export JAVA_HOME_<version>_<arch> for their preinstalled JDKs.
set -uo pipefail
found=""
for home in "${JAVA_HOME_21_X64:-}" "${JAVA_HOME_21_ARM64:-}" "${JAVA_HOME_17_X64:-}" "${JAVA_HOME_17_ARM64:-}" "${JAVA_HOME:-}"; do
  [ -n "$home" ] || continue
  for exe in "$home/bin/java" "$home/bin/java.exe"; do
    if [ -x "$exe" ]; then found="$exe"; break 2; fi
  done
done
if [ -z "$found" ] && command -v java >/dev/null 2>&1; then found="$(command -v java)"; fi
if [ -n "$found" ]; then
  major=$("$found" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
  if [ -z "$major" ] || [ "$major" -lt 17 ]; then found=""; fi
fi
echo "java=$found" >> "${GITHUB_OUTPUT:-/dev/null}"
[ -n "$found" ] && echo "Using $found" || echo "No Java 17+ found on the runner; setting one up"

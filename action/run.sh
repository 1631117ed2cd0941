#!/usr/bin/env bash
# Runs the rootly-workflow-run jar for the composite action. Inputs arrive as INPUT_* variables (mapped in
# action.yml); the jar reads them itself, masks the token and writes the step outputs and summary.
set -uo pipefail
java_exe="${1:-}"
if [ -z "$java_exe" ]; then java_exe="${JAVA_HOME:+$JAVA_HOME/bin/}java"; fi
here="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
jar="$here/dist/rootly-workflow-run.jar"
if [ ! -f "$jar" ]; then
  # Release tags carry a prebuilt jar in dist/; any other ref (a branch, a commit) is built once here.
  jar="$here/cli/target/rootly-workflow-run.jar"
  if [ ! -f "$jar" ]; then
    echo "::group::Building rootly-workflow-run (no prebuilt jar at this ref; pin a release tag to skip this)"
    (cd "$here" && JAVA_HOME="$(dirname "$(dirname "$java_exe")")" ./mvnw -B -q -DskipTests -pl cli -am package) || exit 70
    echo "::endgroup::"
  fi
fi
exec "$java_exe" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar "$jar"

#!/usr/bin/env bash
# Runs the rootly-workflow-run jar for the composite actions: action.yml (a workflow run) and pulse/action.yml
# (`run.sh JAVA pulse`). The first argument is the java found by find-java.sh (empty: JAVA_HOME's, else PATH's); any
# further arguments name the command. Inputs arrive as INPUT_* variables (mapped in each action.yml, never on the
# command line); the jar reads them itself, masks the token and writes the step outputs and summary.
set -uo pipefail
java_exe="${1:-}"
shift $(( $# > 0 ? 1 : 0 ))
if [ -z "$java_exe" ]; then java_exe="${JAVA_HOME:+$JAVA_HOME/bin/}java"; fi
# The repository root, found from this script rather than $GITHUB_ACTION_PATH, which is pulse/ for the pulse action.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
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
# JVM log lines go to stderr, never into stdout's JSON; class-data-sharing notes (a skipped class, a stale archive
# being rewritten) are not shown at all.
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:disable "-Xlog:all=warning,cds*=off:stderr")
# A self-hosted runner keeps its tool cache between jobs, so let JDK 19+ keep a class-data archive of this jar there:
# the first run writes it (about half a second more), later runs start about 40% sooner (docs/performance.md, B1).
# Hosted runners start each job afresh, where writing the archive would only cost.
if [ "${RUNNER_ENVIRONMENT:-}" = "self-hosted" ] && [ -n "${RUNNER_TOOL_CACHE:-}" ]; then
  release="$(dirname "$(dirname "$java_exe")")/release"
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null)
  cache="$RUNNER_TOOL_CACHE/rootly-workflow-run"
  if [ "${major:-0}" -ge 19 ] && mkdir -p "$cache" 2>/dev/null; then
    # One archive per jar, JDK and runner: the JDK rewrites an archive that does not match, and two runners on one
    # machine must not write the same file.
    key=$(printf '%s|%s|%s|%s' "$jar" "$(wc -c < "$jar")" "$java_exe" "${RUNNER_NAME:-}" | cksum | cut -d' ' -f1)
    flags+=(-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$cache/$key.jsa")
  fi
fi
exec "$java_exe" "${flags[@]}" -jar "$jar" "$@"

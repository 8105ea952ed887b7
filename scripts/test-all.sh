#!/usr/bin/env bash
# `npm test` (and CI, through .ci/run): every check, cheapest first, stopping at the first
# failure. Expect a few minutes (plus ~2 minutes once to install code-server and Chromium).
#   build → typecheck → unit tests → set up VS Code → package the VSIX
#   → integration suite inside VS Code (code-server) → end-to-end UI tests with screenshots
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start_all=$SECONDS
timings=()
current=""
step() {
  if [[ -n "$current" ]]; then timings+=("$(printf '%4d s  %s' $((SECONDS - step_start)) "$current")"); fi
  current="$1"
  step_start=$SECONDS
  printf '\n==================== %s ====================\n' "$1"
}
on_exit() {
  local code=$?
  if [[ -n "$current" ]]; then timings+=("$(printf '%4d s  %s' $((SECONDS - step_start)) "$current")"); fi
  printf '\n==================== summary ====================\n'
  printf '%s\n' "${timings[@]}"
  if [[ $code -eq 0 ]]; then
    echo "ALL PASSED in $((SECONDS - start_all)) s"
  else
    echo "FAILED at step: $current (exit $code, after $((SECONDS - start_all)) s)"
  fi
}
trap on_exit EXIT

step "1/9 build (esbuild + type declarations)"
npm run build

step "2/9 typecheck (tsc --noEmit)"
npx tsc -p . --noEmit

step "3/9 unit tests (mocha)"
npx mocha

step "4/9 set up VS Code (code-server + Chromium; cached after the first run)"
bash scripts/setup-vscode.sh

step "5/9 package the VSIX (production build)"
bash scripts/package-vsix.sh

# The production build of step 5 is what the integration suite now runs against: the same
# bundles the VSIX ships.
step "6/9 integration tests inside VS Code (code-server)"
node test/integration/runInCodeServer.mjs

step "7/9 end-to-end: the event-gate demo (packaged VSIX, Playwright + Chromium)"
node test/e2e/eventGate.e2e.mjs

step "8/9 end-to-end: the pool and deadlock demos, dark and light themes"
node test/e2e/demoPanels.e2e.mjs

step "9/9 end-to-end: sidebar, editor annotations and walkthrough screenshots"
node test/e2e/sidebar.e2e.mjs


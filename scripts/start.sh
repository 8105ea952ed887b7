#!/usr/bin/env bash
# `npm start`: a real VS Code (code-server, in the browser) with the packaged Threadline
# extension installed and the demos/ folder open. Prints the URL; Ctrl+C stops everything.
#   THREADLINE_PORT=8080 npm start     (default 0: a free port, printed)
# Run `npm ci` first. The first start installs code-server (about 2 minutes), later ones
# take a few seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "==> Preparing VS Code (code-server + Chromium deps)"
code_server="$(bash scripts/setup-vscode.sh)"
echo "==> Packaging the extension"
vsix="$(bash scripts/package-vsix.sh)"
echo "==> Starting VS Code"
# exec: node receives Ctrl+C itself and stops code-server's process group before exiting.
exec node scripts/serve.mjs --code-server "$code_server" --vsix "$vsix" --workspace demos

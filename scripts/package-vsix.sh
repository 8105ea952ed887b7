#!/usr/bin/env bash
# Builds the production bundles and packages the extension as .cache/threadline.vsix, the
# file the integration/e2e tests and `npm start` install into code-server: the same thing a
# Marketplace user would get. Prints the VSIX path last.
#
# What goes in is decided by .vscodeignore (see the comments there); this script checks the
# content after packaging so a wrong pattern fails here rather than as a broken install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out="${THREADLINE_VSIX:-.cache/threadline.vsix}"
log() { echo "[package-vsix] $*" >&2; }

log "building production bundles"
node esbuild.mjs --production
# The public module's declarations (dist/types), as `npm run build` makes them.
npx tsc -p tsconfig.types.json

# The minified runtime must still speak Python: one demo through the production bundles, its
# error naming the class the user passed (a minifier that renames classes would print "le").
smoke="$(mktemp -d)"
node dist/cli.js run demos/pool-event-lost.ts --plain --report "$smoke/report.json" >/dev/null 2>&1 || true
if ! python3 -c 'import json, sys
tasks = json.load(open(sys.argv[1]))["tasks"]
sys.exit(0 if tasks and all("RuntimeError: Event objects should only be shared" in (t.get("error") or "") for t in tasks) else 1)' "$smoke/report.json"; then
  log "the production runtime does not print Python's error for demos/pool-event-lost.ts (class names lost?)"
  rm -rf "$smoke"
  exit 1
fi
rm -rf "$smoke"

mkdir -p "$(dirname "$out")"
# Not --no-dependencies: with it vsce never looks into node_modules, and the webview needs
# @vscode/codicons' font; .vscodeignore keeps only its two files. vsce runs `npm list` for
# the production dependency tree (local, no network).
# --allow-missing-repository: package.json has no repository URL (vsce would prompt).
# --no-rewrite-relative-links: README links such as media/screenshots/… stay relative
# (vsce would otherwise need a repository URL to turn them into absolute ones).
# stdin from /dev/null: any question vsce still asks aborts instead of hanging CI.
rm -f "$out"
npx vsce package --allow-missing-repository --no-rewrite-relative-links -o "$out" </dev/null >&2

# Check what went in (the same list `npx vsce ls` prints, read back from the VSIX itself, which
# is a zip: entries under extension/). A wrong .vscodeignore pattern fails here, not later as
# a broken install.
files="$(python3 -c 'import sys, zipfile
for n in zipfile.ZipFile(sys.argv[1]).namelist():
    if n.startswith("extension/"): print(n[len("extension/"):])' "$out")"
problems=()
# (vsce stores README.md/CHANGELOG.md as readme.md/changelog.md and LICENSE as LICENSE.txt.)
for required in package.json LICENSE.txt readme.md changelog.md dist/extension.js dist/host.js dist/webview.js \
  node_modules/@vscode/codicons/dist/codicon.css node_modules/@vscode/codicons/dist/codicon.ttf; do
  grep -qxF "$required" <<<"$files" || problems+=("missing $required")
done
while IFS= read -r unwanted; do
  [[ -n "$unwanted" ]] && problems+=("unexpected $unwanted")
done < <(grep -P '^(dist/test/|src/|test/|scripts/|\.cache/)|\.map$|^node_modules/(?!@vscode/codicons/dist/codicon\.(css|ttf)$)' <<<"$files" || true)
if ((${#problems[@]})); then
  log "the VSIX content is wrong (see .vscodeignore):"
  printf '  %s\n' "${problems[@]}" >&2
  rm -f "$out"
  exit 1
fi
log "$(grep -c . <<<"$files") files in $out: content checked"
echo "$(pwd)/$out"

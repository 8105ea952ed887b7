#!/usr/bin/env bash
# Installs a real VS Code for the integration and end-to-end tests and for `npm start`:
# code-server (VS Code 1.100.3 server + web workbench, from npm) plus Debian's Chromium,
# which Playwright drives. The desktop build that @vscode/test-electron downloads is not
# reachable on CI machines (only the npm registry and Debian apt are), code-server is.
#
# Idempotent: every step checks first and does nothing when its result is already there,
# so the test scripts call it every time. Prints the code-server executable's path last.
#
# code-server is deliberately NOT a project dependency: it is ~300 MB and builds native
# modules. It lives in the git-ignored .cache/code-server (override: THREADLINE_CODE_SERVER_DIR).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3   # the last line that runs on Node 20; ships VS Code 1.100.3
# code-server's nested @vscode/ripgrep (see below) and the rg release it downloads.
VSCODE_RIPGREP_VERSION=1.15.11
RIPGREP_RELEASE=v13.0.0-10

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${THREADLINE_CODE_SERVER_DIR:-$repo_root/.cache/code-server}"
marker="$prefix/.installed-code-server-$CODE_SERVER_VERSION"
bin="$prefix/node_modules/.bin/code-server"
# Exists only when code-server's nested native builds really ran (npm 11 may only warn).
pty="$prefix/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node"

log() { echo "[setup-vscode] $*" >&2; }

# --- 1. Debian packages -------------------------------------------------------------------
# chromium: the browser Playwright drives. libkrb5-dev + pkg-config: code-server's nested
# native module `kerberos` builds against them. ripgrep: seeds @vscode/ripgrep (step 2).
missing=()
for pkg in chromium libkrb5-dev pkg-config ripgrep; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  log "apt-get install ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. code-server -----------------------------------------------------------------------
if [[ -f "$marker" && -x "$bin" && -f "$pty" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed"
else
  log "installing code-server@$CODE_SERVER_VERSION into $prefix (about a minute)"
  # @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable here). It looks in
  # $TMPDIR/vscode-ripgrep-cache-<version>/<asset>.tar.gz first, so put Debian's rg there.
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64 | arm64) rg_target=aarch64-unknown-linux-musl ;;
    *) rg_target="$(uname -m)-unknown-linux-gnu" ;;
  esac
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
  rg_asset="$rg_cache/ripgrep-$RIPGREP_RELEASE-$rg_target.tar.gz"
  if [[ ! -f "$rg_asset" ]]; then
    mkdir -p "$rg_cache/x"
    cp "$(command -v rg)" "$rg_cache/x/rg"
    tar czf "$rg_asset" -C "$rg_cache/x" rg
  fi

  mkdir -p "$prefix"
  # A tiny package.json keeps npm from walking up into the repo's own package.json.
  [[ -f "$prefix/package.json" ]] || echo '{ "private": true }' >"$prefix/package.json"
  rm -f "$prefix"/.installed-code-server-*
  # As root, code-server's postinstall insists on unsafe-perm; npm 11 dropped the flag but
  # the script still reads the variable. node-pty's postinstall runs npx: answer yes.
  (
    cd "$prefix"
    npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false \
      npm install --no-save --prefix "$prefix" "code-server@$CODE_SERVER_VERSION" >&2
  )
  if [[ ! -f "$pty" ]]; then
    log "ERROR: code-server installed but its native modules were not built ($pty missing)."
    log "Look above for node-gyp errors (g++, make, python3 and libkrb5-dev are needed)."
    exit 1
  fi
  date -u +%FT%TZ >"$marker"
  log "code-server $CODE_SERVER_VERSION installed"
fi

echo "$bin"

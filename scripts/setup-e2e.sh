#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e) need: a real VS Code and a browser to drive it.
#
#   - code-server 4.100.3 from the npm registry: VS Code 1.100.3's server, web workbench and Node
#     extension host (the newest code-server that runs on Node 20; engines.vscode must stay <= ^1.100.0);
#   - Debian's Chromium (/usr/bin/chromium), driven by playwright-core, and Debian's ripgrep.
#
#   usage: scripts/setup-e2e.sh [DIR]     (or `npm run setup:e2e`)
#          DIR defaults to $NATS_TLS_E2E_DIR, else ~/.cache/nats-tls-e2e/code-server
#   The last line printed is the path of the code-server executable.
#
# Idempotent: when a complete install is found (stamp file written as the very last step), it prints the
# path and returns at once. An interrupted install has no stamp and is completed on the next run.
#
# Why not @vscode/test-electron / @vscode/test-web: they download VS Code or a browser from hosts that
# machines of this project cannot reach. Why the manual steps: code-server's postinstall downloads
# ripgrep from GitHub and refuses to run as root under npm 11, so the packages are installed with
# --ignore-scripts, their native modules are rebuilt from source, and Debian's rg stands in for the
# downloaded one.
set -euo pipefail

VERSION=4.100.3
DIR=${1:-${NATS_TLS_E2E_DIR:-$HOME/.cache/nats-tls-e2e/code-server}}
BIN=$DIR/node_modules/.bin/code-server
STAMP=$DIR/.nats-tls-e2e-complete
CHROMIUM=/usr/bin/chromium

log() { printf 'setup-e2e: %s\n' "$*" >&2; }

installed() {
  [[ -x $BIN && -x $CHROMIUM && -f $STAMP ]] && [[ $(cat "$STAMP") == "$VERSION" ]] && command -v rg >/dev/null
}

if installed; then
  echo "$BIN"
  exit 0
fi

# 1. Debian packages: the browser, ripgrep, and what the native modules need to compile.
need=()
for p in chromium ripgrep pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev fonts-dejavu-core; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
command -v make >/dev/null || need+=(make)
command -v g++ >/dev/null || need+=(g++)
command -v python3 >/dev/null || need+=(python3)
if ((${#need[@]})); then
  if ! command -v apt-get >/dev/null; then
    log "missing packages: ${need[*]}; this script installs them with apt-get (Debian/Ubuntu); install them yourself and run again"
    exit 1
  fi
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then SUDO=(sudo); else
      log "missing Debian packages: ${need[*]}; install them as root (apt-get install ${need[*]}) and run again"
      exit 1
    fi
  fi
  log "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq >/dev/null
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# 2. code-server itself, without its install scripts.
log "installing code-server $VERSION into $DIR (a few minutes the first time)"
mkdir -p "$DIR"
cd "$DIR"
rm -f "$STAMP"
[[ -f package.json ]] || printf '{ "name": "nats-tls-e2e-code-server", "private": true }\n' > package.json
npm_flags=(--no-audit --no-fund --loglevel=error)
npm install "${npm_flags[@]}" --ignore-scripts "code-server@$VERSION" >/dev/null
npm rebuild "${npm_flags[@]}" argon2 >/dev/null

# 3. VS Code's own dependencies, then build the native ones from source.
VSCODE=$DIR/node_modules/code-server/lib/vscode
cd "$VSCODE"
npm install "${npm_flags[@]}" --omit=dev --ignore-scripts >/dev/null
natives=()
for m in kerberos node-pty @parcel/watcher native-watchdog @vscode/spdlog @vscode/deviceid; do
  [[ -d node_modules/$m ]] && natives+=("$m")
done
log "building native modules: ${natives[*]}"
npm_config_yes=true npm rebuild "${npm_flags[@]}" "${natives[@]}" >/dev/null

# 4. What the skipped postinstall would have done: ripgrep, the asar path, the CLI and browser helpers.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install "${npm_flags[@]}" --omit=dev --ignore-scripts >/dev/null)

# 5. Prove it runs, then mark the install complete.
"$BIN" --version >/dev/null
"$CHROMIUM" --version >/dev/null 2>&1 || { log "$CHROMIUM does not run"; exit 1; }
echo "$VERSION" > "$STAMP"
log "done: $("$BIN" --version | head -1); $("$CHROMIUM" --version 2>/dev/null)"
echo "$BIN"

#!/usr/bin/env bash
# Installs what the tests use besides npm packages: the real nats-server and openssl (Debian), every
# nats-server release Debian ships side by side as oracles (scripts/install-nats-servers.sh), and a real
# VS Code for the end-to-end tests (code-server + Chromium, via scripts/setup-e2e.sh).
# Idempotent and quick when everything is already there. A tool it cannot install is reported here; the
# tests that need it then skip loudly, or fail when CI is set (test/helpers/tools.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for p in nats-server openssl; do
  command -v "$p" >/dev/null 2>&1 || need+=("$p")
done
if ((${#need[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "setup-test-env: installing ${need[*]} from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null; }
  else
    echo "setup-test-env: WARNING: missing ${need[*]}; install them (apt-get install ${need[*]}) or the tests that need them will fail" >&2
  fi
fi

if ! oracles=$(bash scripts/install-nats-servers.sh); then
  echo "setup-test-env: WARNING: no nats-server releases for the oracle tests (see above)" >&2
else
  echo "setup-test-env: nats-server oracles: $(cut -f1 <<<"$oracles" | paste -sd' ')"
fi

if [[ ${NATS_TLS_SKIP_E2E_SETUP:-} != 1 ]]; then
  bash scripts/setup-e2e.sh >/dev/null
fi

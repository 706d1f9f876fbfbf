#!/usr/bin/env bash
# Real nats-server releases side by side, for the tests that ask a specific release (test/helpers/oracles.ts):
# every release Debian ships, one per suite:
#   bookworm (Debian 12)  nats-server 2.9.10
#   trixie   (Debian 13)  nats-server 2.10.x
#   sid      (unstable)   the newest Debian packages (it moves: never hard-code its version)
# Nothing is installed system-wide: each .deb is downloaded with a private apt configuration (Debian's archive
# keyring, nothing on the system is upgraded) and unpacked (nats-server is one static Go binary) into
# DIR/<version>/nats-server.
#
#   usage: scripts/install-nats-servers.sh [--refresh] [DIR]
#          DIR defaults to $NATS_SERVERS_DIR, else ~/.cache/nats-servers
#   Prints one line per release, oldest first: VERSION<TAB>PATH.
#
# Idempotent and quick: DIR/.suites records which releases the suites shipped when last asked. While that
# record is younger than $NATS_SERVERS_MAX_AGE_DAYS (default 7) and every release in it is unpacked, the
# script only prints the lines, without the network. Otherwise it asks apt (root, about 15 MB of downloads
# the first time) and fetches only releases it does not have. --refresh asks apt whatever the record says.
# Without root, apt or the network, it prints what is already unpacked and says why on stderr; it fails only
# when nothing is there at all.
# Adapted from the team's shared installer (../shared/oracles/install-nats-servers.sh).
set -euo pipefail

refresh=0
if [[ ${1:-} == --refresh ]]; then
  refresh=1
  shift
fi
dir=${1:-${NATS_SERVERS_DIR:-$HOME/.cache/nats-servers}}
max_age_days=${NATS_SERVERS_MAX_AGE_DAYS:-7}
record=$dir/.suites

log() { printf 'install-nats-servers: %s\n' "$*" >&2; }

# VERSION<TAB>PATH for every release unpacked in $dir (whatever the record says), oldest first.
print_unpacked() {
  local bin found=1
  while IFS= read -r bin; do
    printf '%s\t%s\n' "$(basename "$(dirname "$bin")")" "$bin"
    found=0
  done < <(find "$dir" -mindepth 2 -maxdepth 2 -name nats-server -type f -perm -u+x 2>/dev/null | sort -V)
  return $found
}

# Fast path: a fresh record whose releases are all unpacked.
if ((!refresh)) && [[ -f $record ]] && [[ -n $(find "$record" -mtime "-$max_age_days" 2>/dev/null) ]]; then
  complete=1
  while IFS= read -r v; do
    [[ -z $v || -x $dir/$v/nats-server ]] || complete=0
  done <"$record"
  if ((complete)); then
    while IFS= read -r v; do
      [[ -n $v ]] && printf '%s\t%s\n' "$v" "$dir/$v/nats-server"
    done < <(sort -V "$record")
    exit 0
  fi
fi

fallback() {
  log "$1"
  if print_unpacked; then
    log "using the releases already unpacked in $dir"
    exit 0
  fi
  log "no nats-server release is unpacked in $dir; the tests that need one will skip (or fail with CI set)"
  exit 1
}

command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || fallback "apt-get/dpkg not found (not Debian?)"
[[ $(id -u) -eq 0 ]] || fallback "apt needs root to download the releases"
key=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f $key ]] || fallback "Debian's archive keyring ($key) is missing"

mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial"
for suite in bookworm trixie sid; do
  echo "deb [signed-by=$key] http://deb.debian.org/debian $suite main"
done >"$work/sources.list"
apto=(-o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache::Archives=$work/archives" -o APT::Sandbox::User=root -qq)
apt-get "${apto[@]}" update >/dev/null 2>&1 || fallback "apt-get update failed (offline?)"

# One version per suite: what each suite's index lists for nats-server.
mapfile -t versions < <(apt-cache "${apto[@]}" madison nats-server | awk -F'|' '{gsub(/ /,"",$2); print $2}' | sort -uV)
((${#versions[@]})) || fallback "the Debian indexes list no nats-server"
upstreams=()
for deb_version in "${versions[@]}"; do
  upstream=${deb_version%%-*}
  upstream=${upstream#*:}
  upstreams+=("$upstream")
  [[ -x $dir/$upstream/nats-server ]] && continue
  log "fetching nats-server $upstream ($deb_version)"
  (cd "$work" && apt-get "${apto[@]}" download "nats-server=$deb_version" >/dev/null)
  rm -rf "$work/x"
  dpkg -x "$work"/nats-server_*"${deb_version#*:}"*_*.deb "$work/x"
  mkdir -p "$dir/$upstream"
  install -m 0755 "$work/x/usr/sbin/nats-server" "$dir/$upstream/nats-server.partial"
  got=$("$dir/$upstream/nats-server.partial" --version | sed 's/.*v//')
  if [[ $got != "$upstream" ]]; then
    rm -f "$dir/$upstream/nats-server.partial"
    log "unpacked nats-server says $got, expected $upstream"
    exit 1
  fi
  # Renamed last, so an interrupted run never leaves a binary that looks complete.
  mv "$dir/$upstream/nats-server.partial" "$dir/$upstream/nats-server"
done
printf '%s\n' "${upstreams[@]}" | sort -uV >"$record"
while IFS= read -r v; do
  printf '%s\t%s\n' "$v" "$dir/$v/nats-server"
done <"$record"

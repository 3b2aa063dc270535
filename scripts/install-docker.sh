#!/usr/bin/env bash
# Installs and starts a Docker engine with Compose v2 on a Debian machine, as root, and changes
# nothing else on the machine: no package of the system is upgraded or removed, and no apt
# source, pin or list is added (checked by test/integration/setup/install-docker.test.ts).
#
# Does nothing when a Docker engine with Compose v2 already answers (a user's laptop).
#
# Route (checked facts: ../shared/spec/environment.md):
#   bookworm: the engine from the machine's own release (`docker.io` 20.10, API 1.41); only the
#             two plugin packages `docker-compose` (Compose v2) and `docker-buildx` from trixie,
#             downloaded through a throwaway apt configuration in a temporary directory (its own
#             source list, lists and cache; the system's sources and pins are not read or
#             written), then installed as local .deb files (they need only libc6 >= 2.34).
#   trixie:   all three from the machine's own release.
#   anything else: refused, naming what to install by hand.
# Before installing, apt simulates the install; if the plan would upgrade or remove any package,
# the script stops and lists them instead of touching the system.
#
# Usage: install-docker.sh                 install (when needed) and start the engine
#        install-docker.sh --print-mirror  print the Debian mirror the install would use, then exit
#        install-docker.sh --check-distro  only check that this system is one the script supports
# The two checks need no root and change nothing (test/unit/setup/install-docker-mirror.test.ts).
#
# Environment: FEDLAB_DOCKERD_LOG (default /var/log/fedlab-dockerd.log),
#   FEDLAB_DOCKERD_ARGS (extra dockerd flags, e.g. --storage-driver=vfs inside a container),
#   FEDLAB_APT_ETC (default /etc/apt: where the mirror is read from; nothing else uses it),
#   FEDLAB_OS_RELEASE (default /etc/os-release: where the distribution is read from).
set -euo pipefail

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

MODE=install
case "${1:-}" in
  "") ;;
  --print-mirror) MODE=print-mirror ;;
  --check-distro) MODE=check-distro ;;
  -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
  *) die "unknown argument '$1'; usage: $0 [--print-mirror | --check-distro | --help]" ;;
esac
[ $# -le 1 ] || die "too many arguments; usage: $0 [--print-mirror | --check-distro | --help]"

docker_answers() { docker info >/dev/null 2>&1; }
compose_works() { docker compose version >/dev/null 2>&1; }
have_engine_binary() { command -v dockerd >/dev/null 2>&1; }
DOCKERD_LOG=${FEDLAB_DOCKERD_LOG:-/var/log/fedlab-dockerd.log}
APT_ETC=${FEDLAB_APT_ETC:-/etc/apt}
OS_RELEASE=${FEDLAB_OS_RELEASE:-/etc/os-release}
BY_HAND="install Docker Engine (API 1.41 or later) with the Compose v2 plugin yourself (https://docs.docker.com/engine/install/), start it, then re-run"
TMP_DIRS=()
cleanup() { [ ${#TMP_DIRS[@]} -eq 0 ] || rm -rf "${TMP_DIRS[@]}"; }
trap cleanup EXIT

# --- what this machine is -------------------------------------------------------------------
# One field of os-release, unquoted; empty when absent. Parsed, not sourced: a broken file must
# give a clear refusal, not a silent exit under `set -e`.
os_release_field() {
  [ -r "$OS_RELEASE" ] || return 0
  awk -v key="$1" 'index($0, key "=") == 1 {
      v = substr($0, length(key) + 2); gsub(/^["\047]|["\047]$/, "", v); print v; exit
    }' "$OS_RELEASE"
}

# Prints the Debian release (bookworm or trixie) when this script knows how to install Docker
# here; otherwise dies with a message naming what the machine is and what to install by hand.
supported_release() {
  local id name ver
  [ -r "$OS_RELEASE" ] \
    || die "cannot tell which system this is ($OS_RELEASE is missing); fedlab installs Docker only on Debian 12 (bookworm) or 13 (trixie): $BY_HAND"
  id=$(os_release_field ID)
  name=$(os_release_field PRETTY_NAME)
  ver=$(os_release_field VERSION_CODENAME)
  [ "$id" = debian ] \
    || die "this system is ${name:-unknown} (ID=${id:-none} in $OS_RELEASE), not Debian; fedlab installs Docker only on Debian 12 (bookworm) or 13 (trixie): $BY_HAND"
  case "$ver" in
    bookworm | trixie) printf '%s\n' "$ver" ;;
    "") die "this Debian (${name:-no PRETTY_NAME}) names no release (no VERSION_CODENAME in $OS_RELEASE); fedlab knows only bookworm and trixie: $BY_HAND" ;;
    *) die "Debian '$ver' is not a release fedlab knows (bookworm, trixie); $BY_HAND" ;;
  esac
}

# --- the Debian mirror this machine already uses ----------------------------------------------
# Every enabled binary ("deb") entry of the apt sources under $APT_ETC, in apt's reading order
# (sources.list, then sources.list.d/*.list and *.sources by name), as tab-separated
# "URI SUITES COMPONENTS SIGNED-BY" lines (lists space-separated; SIGNED-BY empty when unset).
apt_source_entries() {
  local f
  for f in "$APT_ETC/sources.list" "$APT_ETC"/sources.list.d/*; do
    [[ -f $f && -r $f ]] || continue
    case "$f" in
      *.list) one_line_entries "$f" ;;
      *.sources) deb822_entries "$f" ;;
      *) ;; # apt ignores other names too (e.g. foo.list.disabled, foo.save)
    esac
  done
}

# The one-line format (Debian 12's installer, debootstrap):
#   deb [ option=value ... ] URI SUITE [COMPONENT ...]   # comment
one_line_entries() {
  awk '$1 == "deb" {
      i = 2; signed = ""
      if ($2 ~ /^\[/) { # options: up to the token that ends with "]"
        opts = ""
        for (; i <= NF; i++) { opts = opts " " $i; if ($i ~ /\]$/) break }
        i++
        if (match(opts, /signed-by=[^] ]*/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
      }
      comps = ""
      for (j = i + 2; j <= NF && $j !~ /^#/; j++) comps = comps (comps == "" ? "" : " ") $j
      print $i "\t" $(i + 1) "\t" comps "\t" signed
    }' "$1"
}

# The deb822 format (container images, Debian 13): stanzas of "Field: value" separated by blank
# lines; "#" starts a comment line; a line starting with a space or tab continues the previous
# field; field names are case-insensitive; a stanza may list several URIs.
deb822_entries() {
  awk 'function norm(v) { gsub(/[ \t]+/, " ", v); sub(/^ /, "", v); sub(/ $/, "", v); return v }
    function flush(   n, u, i) {
      if ((" " norm(f["types"]) " ") ~ / deb / && tolower(norm(f["enabled"])) !~ /^(no|false|off|0)$/) {
        n = split(norm(f["uris"]), u, " ")
        for (i = 1; i <= n; i++)
          print u[i] "\t" norm(f["suites"]) "\t" norm(f["components"]) "\t" norm(f["signed-by"])
      }
      split("", f); key = ""
    }
    /^#/ { next }
    /^[ \t]*$/ { flush(); next }
    /^[ \t]/ { if (key != "") f[key] = f[key] " " $0; next }
    { c = index($0, ":"); if (c == 0) next
      key = tolower(substr($0, 1, c - 1)); f[key] = substr($0, c + 1) }
    END { flush() }' "$1"
}

# The first entry that is the Debian archive itself: a Debian release suite (not -security), the
# `main` component, and no keyring other than Debian's. This skips the security archive and
# third-party repositories, which may well come first (brave-browser.sources, a Docker, Google or
# NodeSource list): they use suites like "stable" or "nodistro", a component like "stable", or
# their own keyring. Stable/testing aliases are not accepted for the same reason.
# awk reads its whole input instead of exiting at the first match: an early exit would kill the
# writer with SIGPIPE, and under `pipefail` that fails the whole pipeline (and the script).
# shellcheck disable=SC2016 # an awk program: its $1..$4 are awk fields, not shell variables
PICK_DEBIAN_ENTRY='BEGIN { FS = "\t"; split("buster bullseye bookworm trixie forky duke sid", r, " ")
    for (k in r) release[r[k]] = 1 }
  found || $1 ~ /^cdrom:/ || $1 ~ /security/ { next }
  $4 != "" && tolower($4) !~ /debian/ { next }
  (" " $3 " ") !~ / main / { next }
  { n = split($2, suites, " ")
    for (k = 1; k <= n; k++) {
      base = suites[k]; sub(/-.*/, "", base)
      if (release[base] && suites[k] !~ /-security$/) { print $1; found = 1; next }
    } }'

# The mirror URI, or nothing when none of the sources is a Debian mirror entry.
debian_mirror() { apt_source_entries | awk "$PICK_DEBIAN_ENTRY"; }

# --- apt helpers: apt_update, install_packages (simulated first; never upgrades or removes) --
# shellcheck source=lib/apt-guard.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/apt-guard.sh"

# Downloads PACKAGES from Debian SUITE into DEST through a throwaway apt configuration under a
# temporary directory: nothing of the system's apt configuration is read or changed.
download_from_suite() { # SUITE MIRROR DEST PACKAGES...
  local suite=$1 mirror=$2 dest=$3; shift 3
  local t; t=$(mktemp -d /tmp/fedlab-apt.XXXXXX); TMP_DIRS+=("$t")
  mkdir -p "$t/src" "$t/lists/partial" "$t/cache/archives/partial"
  cat >"$t/src/$suite.sources" <<SRC
Types: deb
URIs: $mirror
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  # apt drops privileges to _apt for downloads: it must be able to write there.
  if id _apt >/dev/null 2>&1; then chown -R _apt "$t"; chmod 0755 "$t"; fi
  local opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$t/src"
    -o "Dir::Etc::Preferences=/dev/null" -o "Dir::Etc::PreferencesParts=/dev/null"
    -o "Dir::State::Lists=$t/lists" -o "Dir::Cache=$t/cache" -o "Dir::Cache::pkgcache="
    -o "Dir::Cache::srcpkgcache=" -o "APT::Get::List-Cleanup=false")
  apt_update "${opts[@]}" || die "could not read Debian $suite from $mirror (throwaway apt configuration)"
  (cd "$t/cache/archives" && apt-get "${opts[@]}" download "$@" >/dev/null) \
    || die "could not download $* from Debian $suite"
  cp "$t"/cache/archives/*.deb "$dest/"
}

install_engine() {
  [ "$(id -u)" = 0 ] || die "no Docker engine with Compose v2 answers and installing one needs root; re-run as root, or $BY_HAND"
  local release; release=$(supported_release) # dies, naming what to do, on anything else
  # Read before touching anything: a machine whose sources name no Debian mirror is refused
  # before its package lists are even updated.
  local mirror=""
  if [ "$release" = bookworm ]; then
    mirror=$(debian_mirror) || true # an unreadable file: the clear message below
    [ -n "$mirror" ] || die "could not find a Debian mirror entry in $APT_ETC/sources.list or $APT_ETC/sources.list.d/ (*.list, *.sources); $BY_HAND"
  fi
  log "apt-get update (the machine's own sources)"
  apt_update || die "apt-get update failed; check the apt sources"

  if [ "$release" = trixie ]; then
    log "will install from Debian trixie (this machine's release): docker.io, docker-compose (Compose v2), docker-buildx"
    install_packages docker.io docker-compose docker-buildx
    return
  fi

  local need_engine=0; have_engine_binary || need_engine=1
  if [ $need_engine = 1 ]; then
    log "will install: docker.io (engine 20.10) from Debian bookworm (this machine's release),"
  else
    log "a Docker engine is installed ($(dockerd --version 2>/dev/null | head -n1)) but Compose v2 is missing; will install:"
  fi
  log "  docker-compose (Compose v2 plugin) and docker-buildx from Debian trixie ($mirror), fetched"
  log "  through a throwaway apt configuration; no apt source, pin or list is added to this machine"
  if [ $need_engine = 1 ]; then install_packages docker.io; fi

  local debs; debs=$(mktemp -d /tmp/fedlab-debs.XXXXXX); TMP_DIRS+=("$debs")
  download_from_suite trixie "$mirror" "$debs" docker-compose docker-buildx
  chmod 0755 "$debs"; chmod 0644 "$debs"/*.deb
  install_packages "$debs"/docker-compose_*.deb "$debs"/docker-buildx_*.deb
}

start_engine() {
  [ "$(id -u)" = 0 ] || die "a Docker engine is installed but does not answer, and starting it needs root: start it (e.g. 'sudo systemctl start docker') or re-run as root"
  log "starting dockerd in the background (log: $DOCKERD_LOG)"
  # Its own session: a Ctrl-C in the terminal that ran setup/test must not stop the engine too
  # (dockerd handles SIGINT even though bash starts background jobs with it ignored). A script's
  # background job is never a process group leader, so setsid execs in place: $! is dockerd.
  # shellcheck disable=SC2086
  if command -v setsid >/dev/null 2>&1; then
    setsid nohup dockerd ${FEDLAB_DOCKERD_ARGS:-} </dev/null >"$DOCKERD_LOG" 2>&1 &
  else
    nohup dockerd ${FEDLAB_DOCKERD_ARGS:-} </dev/null >"$DOCKERD_LOG" 2>&1 &
  fi
  local pid=$! i
  for i in $(seq 1 60); do
    docker_answers && return 0
    # A bad flag or a missing kernel feature ends dockerd at once: say so now, not after 60 s.
    kill -0 "$pid" 2>/dev/null \
      || die "dockerd exited at start-up; last lines of $DOCKERD_LOG:"$'\n'"$(tail -n 5 "$DOCKERD_LOG")"
    sleep 1
  done
  die "dockerd did not answer within 60 s; see $DOCKERD_LOG"
}

# --- main -----------------------------------------------------------------------------------
case "$MODE" in
  print-mirror)
    mirror=$(debian_mirror) || true # an unreadable file: the clear message below
    [ -n "$mirror" ] || die "no Debian mirror entry in $APT_ETC/sources.list or $APT_ETC/sources.list.d/ (*.list, *.sources)"
    printf '%s\n' "$mirror"
    exit 0 ;;
  check-distro)
    release=$(supported_release)
    log "Debian $release: fedlab can install Docker here"
    exit 0 ;;
esac

if command -v docker >/dev/null 2>&1 && docker_answers && compose_works; then
  log "docker engine already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null)); using it"
  exit 0
fi
if ! have_engine_binary || ! compose_works; then install_engine; fi
compose_works || die "docker compose (v2) is still missing after install; $BY_HAND"
docker_answers || start_engine
log "docker engine $(docker version --format '{{.Server.Version}}') answers; $(docker compose version --short 2>/dev/null | sed 's/^/compose /')"

#!/usr/bin/env bash
# Installs and starts a Docker engine with Compose v2 on a Debian machine, as root.
# Does nothing when a Docker engine already answers (a user's laptop): that engine is used.
# Facts behind the route: ../shared/spec/environment.md (bookworm's docker.io has no Compose v2;
# trixie's docker.io + docker-compose + docker-buildx, pinned low, do).
set -euo pipefail

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

docker_answers() { docker info >/dev/null 2>&1; }
compose_works() { docker compose version >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && docker_answers && compose_works; then
  log "docker engine already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null)); using it"
  exit 0
fi

have_engine_binary() { command -v dockerd >/dev/null 2>&1; }

# An engine someone else installed (docker-ce, bookworm's docker.io) is not replaced: installing
# trixie's docker.io over it could remove it. Only a machine with no engine at all gets one.
if have_engine_binary && ! compose_works; then
  die "a Docker engine is installed but Compose v2 (\`docker compose\`) is missing; install the compose plugin (docker-compose-plugin from Docker's repository, or Debian trixie's docker-compose), then re-run"
fi

if ! have_engine_binary; then
  [ "$(id -u)" = 0 ] || die "no Docker engine answers and installing one needs root; install Docker with Compose v2, or re-run as root"
  [ -r /etc/debian_version ] || die "no Docker engine answers and this is not Debian; install Docker with Compose v2 yourself, then re-run"
  src=/etc/apt/sources.list.d/debian.sources
  mirror=""
  if [ -r "$src" ]; then
    mirror=$(awk '/^URIs:/ {print $2; exit}' "$src")
  elif [ -r /etc/apt/sources.list ]; then
    mirror=$(awk '$1=="deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi
  [ -n "$mirror" ] || die "could not read the Debian mirror from $src or /etc/apt/sources.list"
  # The low pin first, each file checked on its own: a run interrupted between the two must never
  # leave trixie as a source without the pin (every later upgrade would come from trixie).
  if [ ! -f /etc/apt/preferences.d/fedlab-trixie ]; then
    cat > /etc/apt/preferences.d/fedlab-trixie <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  fi
  if [ ! -f /etc/apt/sources.list.d/fedlab-trixie.sources ]; then
    log "adding Debian trixie as a low-priority apt source (mirror $mirror) for docker.io + Compose v2"
    cat > /etc/apt/sources.list.d/fedlab-trixie.sources <<SRC
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  # Wait for another apt/dpkg run (unattended-upgrades on a fresh machine) instead of failing:
  # DPkg::Lock::Timeout covers dpkg's lock; `update` also needs the lists lock, hence the loop.
  apt_wait=(-o DPkg::Lock::Timeout=300)
  apt_update() {
    local i out
    for i in $(seq 1 60); do
      out=$(apt-get "${apt_wait[@]}" update -qq 2>&1) && return 0
      grep -q 'Could not get lock' <<<"$out" || break
      [ "$i" != 1 ] || log "another apt run holds the apt lock; waiting for it (up to 5 min)"
      sleep 5
    done
    printf '%s\n' "$out" >&2
    return 1
  }
  log "apt-get update"
  apt_update || die "apt-get update failed; check the apt sources"
  log "installing docker.io, docker-compose (v2 plugin) and docker-buildx from trixie"
  NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive apt-get "${apt_wait[@]}" install -y -qq -t trixie docker.io docker-compose docker-buildx >/dev/null \
    || die "apt-get install of docker.io/docker-compose/docker-buildx from trixie failed"
fi

compose_works || die "docker compose (v2) is still missing after install; install the docker-compose v2 plugin"

if ! docker_answers; then
  log "starting dockerd in the background (log: /var/log/fedlab-dockerd.log)"
  # Its own session: a Ctrl-C in the terminal that ran setup/test must not stop the engine too
  # (dockerd handles SIGINT even though bash starts background jobs with it ignored).
  if command -v setsid >/dev/null 2>&1; then
    setsid nohup dockerd </dev/null >/var/log/fedlab-dockerd.log 2>&1 &
  else
    nohup dockerd </dev/null >/var/log/fedlab-dockerd.log 2>&1 &
  fi
  for i in $(seq 1 60); do
    docker_answers && break
    sleep 1
  done
  docker_answers || die "dockerd did not answer within 60 s; see /var/log/fedlab-dockerd.log"
fi
log "docker engine $(docker version --format '{{.Server.Version}}') answers; $(docker compose version --short 2>/dev/null | sed 's/^/compose /')"

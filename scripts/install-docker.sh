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

if ! have_engine_binary || ! compose_works; then
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
  if [ ! -f /etc/apt/sources.list.d/fedlab-trixie.sources ]; then
    log "adding Debian trixie as a low-priority apt source (mirror $mirror) for docker.io + Compose v2"
    cat > /etc/apt/sources.list.d/fedlab-trixie.sources <<SRC
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    cat > /etc/apt/preferences.d/fedlab-trixie <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  fi
  log "apt-get update"
  apt-get update -qq || die "apt-get update failed; check the apt sources"
  log "installing docker.io, docker-compose (v2 plugin) and docker-buildx from trixie"
  NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie docker.io docker-compose docker-buildx >/dev/null \
    || die "apt-get install of docker.io/docker-compose/docker-buildx from trixie failed"
fi

compose_works || die "docker compose (v2) is still missing after install; install the docker-compose v2 plugin"

if ! docker_answers; then
  log "starting dockerd in the background (log: /var/log/fedlab-dockerd.log)"
  nohup dockerd >/var/log/fedlab-dockerd.log 2>&1 &
  for i in $(seq 1 60); do
    docker_answers && break
    sleep 1
  done
  docker_answers || die "dockerd did not answer within 60 s; see /var/log/fedlab-dockerd.log"
fi
log "docker engine $(docker version --format '{{.Server.Version}}') answers; $(docker compose version --short 2>/dev/null | sed 's/^/compose /')"

#!/usr/bin/env bash
# Builds every fedlab image without any registry access (idempotent; quick when nothing changed).
#   base:    node:20-bookworm-slim when present locally (or pulled when FEDLAB_PULL=1), else a local
#            base built from Debian packages (debootstrap) plus this machine's Node.js binary.
#   node:    the federation node runtime (dist/ + production node_modules).
#   reqlite: the shared database server of the `reqlite` engine.
# Versions and tags: images/versions.json (the one place they are pinned).
# Needs: a running Docker engine (scripts/install-docker.sh) and a built project (npm run build).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
log() { printf '[images] %s\n' "$*"; }
die() { printf '[images] ERROR: %s\n' "$*" >&2; exit 1; }
ver() { node -p "require('./images/versions.json').$1"; }

docker info >/dev/null 2>&1 || die "Docker engine not reachable; run ./scripts/setup.sh (or start Docker)"
[ -f dist/node/cli/main.js ] || die "dist/node/cli/main.js is missing; run 'npm run build' first"

OFFICIAL_BASE=$(ver node.officialBase)
LOCAL_BASE=$(ver node.localBase)
DEBIAN_IMAGE=$(ver debian.localImage)
SUITE=$(ver debian.suite)
NODE_IMAGE=$(ver images.node)
REQLITE_IMAGE=$(ver images.reqlite)
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

mirror() {
  local src=/etc/apt/sources.list.d/debian.sources
  if [ -r "$src" ]; then awk '/^URIs:/ {print $2; exit}' "$src"
  else awk '$1=="deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list; fi
}

build_local_debian() {
  have_image "$DEBIAN_IMAGE" && { log "local Debian image $DEBIAN_IMAGE present; reusing it"; return; }
  command -v debootstrap >/dev/null 2>&1 || {
    [ "$(id -u)" = 0 ] || die "debootstrap is missing; install it (apt-get install debootstrap) or provide $OFFICIAL_BASE"
    log "installing debootstrap"
    # A fresh machine whose Docker came preinstalled may have no apt lists yet: update once then.
    apt_install() { NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq debootstrap >/dev/null; }
    apt_install || { apt-get -o DPkg::Lock::Timeout=300 update -qq && apt_install; } || die "apt-get install debootstrap failed"
  }
  local m; m=$(mirror); [ -n "$m" ] || die "could not read the Debian mirror from the apt sources"
  local dir; dir=$(mktemp -d /tmp/fedlab-rootfs.XXXXXX)
  log "debootstrap --variant=minbase $SUITE (mirror $m); takes about half a minute"
  # A failed run must not leave a 200 MB rootfs in /tmp for every retry.
  debootstrap --variant=minbase "$SUITE" "$dir" "$m" >/tmp/fedlab-debootstrap.log 2>&1 \
    || { rm -rf "$dir"; die "debootstrap failed; see /tmp/fedlab-debootstrap.log"; }
  tar -C "$dir" -c . | docker import - "$DEBIAN_IMAGE" >/dev/null \
    || { rm -rf "$dir"; die "docker import of the Debian rootfs failed"; }
  rm -rf "$dir"
  log "imported $DEBIAN_IMAGE"
}

choose_base() {
  if have_image "$OFFICIAL_BASE"; then BASE=$OFFICIAL_BASE; log "base: official $OFFICIAL_BASE (present locally)"; return; fi
  if [ "${FEDLAB_PULL:-0}" = 1 ] && docker pull -q "$OFFICIAL_BASE" >/dev/null 2>&1; then
    BASE=$OFFICIAL_BASE; log "base: official $OFFICIAL_BASE (pulled)"; return
  fi
  BASE=$LOCAL_BASE
  if have_image "$LOCAL_BASE"; then log "base: local $LOCAL_BASE (no official image here; built earlier from Debian packages)"; return; fi
  build_local_debian
  local ctx; ctx=$(mktemp -d /tmp/fedlab-node-base.XXXXXX)
  cp "$(readlink -f "$(command -v node)")" "$ctx/node"
  cp images/node-base/Dockerfile "$ctx/"
  log "building $LOCAL_BASE from $DEBIAN_IMAGE + this machine's Node.js $(node --version)"
  docker build -q --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" -t "$LOCAL_BASE" "$ctx" >/dev/null || die "building $LOCAL_BASE failed"
  rm -rf "$ctx"
  log "base: local $LOCAL_BASE (built from Debian packages; no registry used)"
}

# Installs production dependencies into a staging folder, once per lock file content.
stage_modules() { # $1 staging dir, $2 dir holding package.json + package-lock.json
  local stage=$1 from=$2 sum
  mkdir -p "$stage"
  sum=$(cat "$from/package.json" "$from/package-lock.json" | sha256sum | cut -c1-16)
  if [ -f "$stage/.lock-sum" ] && [ "$(cat "$stage/.lock-sum")" = "$sum" ] && [ -d "$stage/node_modules" ]; then
    log "production modules for $stage are current"; return
  fi
  cp "$from/package.json" "$from/package-lock.json" "$stage/"
  log "npm ci --omit=dev in $stage"
  (cd "$stage" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci in $stage failed"
  echo "$sum" > "$stage/.lock-sum"
}

build_node_image() {
  local stage=.build/images/node
  stage_modules "$stage" .
  rm -rf "$stage/dist" "$stage/images"; mkdir -p "$stage/images"
  cp -r dist "$stage/dist"; cp images/versions.json "$stage/images/"; cp images/node/Dockerfile "$stage/"
  log "building $NODE_IMAGE"
  docker build -q --build-arg BASE="$BASE" --label fedlab.image=node -t "$NODE_IMAGE" "$stage" >/dev/null || die "building $NODE_IMAGE failed"
}

build_reqlite_image() {
  local stage=.build/images/reqlite
  stage_modules "$stage" images/reqlite
  cp images/reqlite/Dockerfile images/reqlite/serve.cjs "$stage/"
  log "building $REQLITE_IMAGE"
  docker build -q --build-arg BASE="$BASE" --label fedlab.image=reqlite -t "$REQLITE_IMAGE" "$stage" >/dev/null || die "building $REQLITE_IMAGE failed"
}

choose_base
build_node_image
build_reqlite_image
if have_image "$(ver rethinkdb.officialImage)"; then
  log "rethinkdb engine available: $(ver rethinkdb.officialImage) is present"
else
  log "rethinkdb engine unavailable here: $(ver rethinkdb.officialImage) is not present and no registry was used; the lab will use reqlite"
fi
log "images ready: $NODE_IMAGE $REQLITE_IMAGE (base $BASE)"

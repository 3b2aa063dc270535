#!/usr/bin/env bash
# Builds every fedlab image, with or without a registry (idempotent; quick when nothing changed).
#   base:      node:20-bookworm-slim when present or pullable, else a local base built from Debian
#              packages (debootstrap) plus this machine's Node.js binary.
#   node:      the federation node runtime (dist/ + production node_modules).
#   reqlite:   the shared database server of the `reqlite` engine.
#   rethinkdb: fedlab/rethinkdb (start wrapper + health check) on the official RethinkDB image when
#              present or pullable, else on the local Debian base from a server build tarball
#              (FEDLAB_RETHINKDB_TARBALL). Without either, the `rethinkdb` engine is unavailable.
# FEDLAB_PULL: auto (default: try a registry once, quickly; fall back to local builds when none
#   answers), 1 (pull, fail loudly if that fails), 0 (never contact a registry).
# Versions and tags: images/versions.json (the one place they are pinned).
# Needs: a running Docker engine (scripts/install-docker.sh) and a built project (npm run build).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
log() { printf '[images] %s\n' "$*"; }
die() { printf '[images] ERROR: %s\n' "$*" >&2; exit 1; }
ver() { node -p "require('./images/versions.json').$1"; }
# shellcheck source=lib/apt-guard.sh
. scripts/lib/apt-guard.sh

docker info >/dev/null 2>&1 || die "Docker engine not reachable; run ./scripts/setup.sh (or start Docker)"
[ -f dist/node/cli/main.js ] || die "dist/node/cli/main.js is missing; run 'npm run build' first"

OFFICIAL_BASE=$(ver node.officialBase)
LOCAL_BASE=$(ver node.localBase)
DEBIAN_IMAGE=$(ver debian.localImage)
SUITE=$(ver debian.suite)
NODE_IMAGE=$(ver images.node)
REQLITE_IMAGE=$(ver images.reqlite)
RETHINKDB_IMAGE=$(ver images.rethinkdb)
RETHINKDB_OFFICIAL=$(ver rethinkdb.officialImage)
RETHINKDB_SHA=$(ver rethinkdb.tarballSha256)
PULL=${FEDLAB_PULL:-auto}
case "$PULL" in auto | 0 | 1) ;; *) die "FEDLAB_PULL must be auto, 0 or 1 (got '$PULL')" ;; esac
REGISTRY=unknown # answers | none, once a pull has been tried
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# Pulls $1 when pulling is allowed and a registry answers. A registry that does not answer costs at
# most ~10 s once: the pull must show progress ("Pulling from") by then, and later pulls are skipped.
try_pull() {
  local image=$1 out pid i
  [ "$PULL" != 0 ] && [ "$REGISTRY" != none ] || return 1
  out=$(mktemp /tmp/fedlab-pull.XXXXXX)
  docker pull "$image" >"$out" 2>&1 &
  pid=$!
  for i in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || break
    grep -qE 'Pulling from|Pulling fs layer|Digest:' "$out" && break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null && ! grep -qE 'Pulling from|Pulling fs layer|Digest:' "$out"; then
    kill "$pid" 2>/dev/null || true
  fi
  if wait "$pid" && have_image "$image"; then
    REGISTRY=answers; rm -f "$out"; log "pulled $image"; return 0
  fi
  REGISTRY=none
  log "no registry answered for $image ($(grep -v '^$' "$out" | tail -n 1 | cut -c1-120)); using local builds"
  rm -f "$out"
  [ "$PULL" != 1 ] || die "FEDLAB_PULL=1 but $image could not be pulled"
  return 1
}

mirror() {
  local src=/etc/apt/sources.list.d/debian.sources
  if [ -r "$src" ]; then awk '/^URIs:/ {print $2; exit}' "$src"
  else awk '$1=="deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list; fi
}

build_local_debian() {
  have_image "$DEBIAN_IMAGE" && { log "local Debian image $DEBIAN_IMAGE present; reusing it"; return; }
  command -v debootstrap >/dev/null 2>&1 || {
    [ "$(id -u)" = 0 ] || die "debootstrap is missing; install it (apt-get install debootstrap) or provide $OFFICIAL_BASE"
    log "installing debootstrap (only new packages: nothing upgraded or removed)"
    # A fresh machine whose Docker came preinstalled may have no apt lists yet: update once then.
    apt-cache show debootstrap >/dev/null 2>&1 || apt_update || die "apt-get update failed"
    install_packages debootstrap
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
  if try_pull "$OFFICIAL_BASE"; then
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

# fedlab/rethinkdb from the official image (present or pulled), else from the server tarball.
build_rethinkdb_image() {
  local stage=.build/images/rethinkdb source
  rm -rf "$stage"; mkdir -p "$stage"
  cp images/rethinkdb/start.sh "$stage/"
  if have_image "$RETHINKDB_OFFICIAL" || try_pull "$RETHINKDB_OFFICIAL"; then
    cp images/rethinkdb/Dockerfile "$stage/"
    source="official image $RETHINKDB_OFFICIAL"
    docker build -q --build-arg RETHINKDB_IMAGE="$RETHINKDB_OFFICIAL" --label fedlab.image=rethinkdb \
      --label "fedlab.rethinkdb.source=$source" -t "$RETHINKDB_IMAGE" "$stage" >/dev/null \
      || die "building $RETHINKDB_IMAGE on $RETHINKDB_OFFICIAL failed"
  elif [ -n "${FEDLAB_RETHINKDB_TARBALL:-}" ]; then
    local tarball=$FEDLAB_RETHINKDB_TARBALL sum top
    [ -r "$tarball" ] || die "FEDLAB_RETHINKDB_TARBALL=$tarball is not a readable file"
    sum=$(sha256sum "$tarball" | cut -d' ' -f1)
    [ "$sum" = "$RETHINKDB_SHA" ] || log "note: $tarball has sha256 $sum, not the pinned $RETHINKDB_SHA (images/versions.json); using it anyway"
    top=$(tar -tzf "$tarball" | cut -d/ -f1 | sort -u) # read whole: head would SIGPIPE tar under pipefail
    [ -n "$top" ] && [ "$(wc -l <<<"$top")" = 1 ] || die "$tarball must hold exactly one top directory"
    tar -C "$stage" -xzf "$tarball" || die "could not unpack $tarball"
    [ -x "$stage/$top/bin/rethinkdb" ] && [ -d "$stage/$top/lib" ] \
      || die "$tarball does not hold <dir>/bin/rethinkdb and <dir>/lib (see ../shared/vendor/rethinkdb/README.md)"
    mv "$stage/$top" "$stage/rethinkdb"
    [ -f "$stage/rethinkdb/COPYRIGHT" ] || : >"$stage/rethinkdb/COPYRIGHT"
    build_local_debian
    cp images/rethinkdb/Dockerfile.local "$stage/Dockerfile"
    source="server build $(basename "$tarball") (sha256 ${sum:0:12}) on $DEBIAN_IMAGE"
    docker build -q --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" --label fedlab.image=rethinkdb \
      --label "fedlab.rethinkdb.source=$source" -t "$RETHINKDB_IMAGE" "$stage" >/dev/null \
      || die "building $RETHINKDB_IMAGE from $tarball failed"
  elif have_image "$RETHINKDB_IMAGE"; then
    log "rethinkdb: keeping $RETHINKDB_IMAGE built earlier ($(docker image inspect -f '{{index .Config.Labels "fedlab.rethinkdb.source"}}' "$RETHINKDB_IMAGE")); set FEDLAB_RETHINKDB_TARBALL to rebuild it"
    return
  else
    log "rethinkdb engine unavailable: $RETHINKDB_OFFICIAL is not here, no registry gave it, and FEDLAB_RETHINKDB_TARBALL is not set; the lab will use reqlite"
    return
  fi
  rm -rf "$stage"
  log "rethinkdb: $RETHINKDB_IMAGE from $source"
}

choose_base
build_node_image
build_reqlite_image
build_rethinkdb_image
log "images ready: $NODE_IMAGE $REQLITE_IMAGE$(have_image "$RETHINKDB_IMAGE" && printf ' %s' "$RETHINKDB_IMAGE") (base $BASE)"

#!/usr/bin/env bash
# Sets everything up on a fresh Debian machine (as root) or a laptop with Docker already running:
# npm dependencies, a Docker engine with Compose v2, the TypeScript build, and every image.
# Idempotent: each step checks first and is quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n[setup] == %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "[setup] FAILED in step: %s (exit %s)\n" "${CURRENT_STEP:-?}" "$rc" >&2' EXIT

CURRENT_STEP="check Node.js"; step "$CURRENT_STEP"
command -v node >/dev/null 2>&1 || die "Node.js is not installed; install Node.js 20 or later (Debian: the nodejs package)"
# 20.12: crypto.hash (one-shot SHA hashing) is used by the node and the lab; package.json "engines" says the same.
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=12)?0:1)' \
  || die "Node.js $(node --version) is too old; fedlab needs Node.js >= 20.12"
echo "[setup] node $(node --version), npm $(npm --version)"

CURRENT_STEP="npm dependencies"; step "$CURRENT_STEP"
sum=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
if [ -f node_modules/.fedlab-lock-sum ] && [ "$(cat node_modules/.fedlab-lock-sum)" = "$sum" ]; then
  echo "[setup] node_modules matches package-lock.json; skipping npm ci"
else
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed; check the npm registry is reachable"
  echo "$sum" > node_modules/.fedlab-lock-sum
fi

CURRENT_STEP="Docker engine and Compose v2"; step "$CURRENT_STEP"
./scripts/install-docker.sh

CURRENT_STEP="build (tsc)"; step "$CURRENT_STEP"
npm run --silent build || die "TypeScript build failed"
echo "[setup] built dist/"

CURRENT_STEP="images"; step "$CURRENT_STEP"
# The RethinkDB server build for machines without a registry: FEDLAB_RETHINKDB_TARBALL, else the
# team's shared build beside the checkout (../shared/vendor/rethinkdb), when it exists.
if [ -z "${FEDLAB_RETHINKDB_TARBALL:-}" ]; then
  for t in ../shared/vendor/rethinkdb/rethinkdb-*-bookworm-amd64.tar.gz; do
    [ -r "$t" ] && { export FEDLAB_RETHINKDB_TARBALL=$PWD/$t; echo "[setup] RethinkDB server build: $t"; break; }
  done
fi
./scripts/build-images.sh

CURRENT_STEP="done"
echo
echo "[setup] ready: Docker $(docker version --format '{{.Server.Version}}'), images built. Next: ./scripts/demo.sh or ./scripts/test.sh"

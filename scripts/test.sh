#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then runs every check and test:
# type-check, lint, format check, unit, integration (real containers) and e2e (a real federation).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export TESTCONTAINERS_HOST_OVERRIDE=${TESTCONTAINERS_HOST_OVERRIDE:-127.0.0.1}
export TESTCONTAINERS_RYUK_DISABLED=${TESTCONTAINERS_RYUK_DISABLED:-true}
results=.build/test-results; rm -rf "$results"; mkdir -p "$results"
run() { printf '\n[test] == %s\n' "$1"; shift; "$@"; }
jest() { node --experimental-vm-modules node_modules/jest/bin/jest.js "$@"; }

run "type-check" npm run --silent typecheck
run "lint" npm run --silent lint
run "format check" npm run --silent format:check
status=0
run "unit tests" jest --selectProjects unit --json --outputFile="$results/unit.json" || status=1
run "integration tests" jest --selectProjects integration --runInBand --json --outputFile="$results/integration.json" || status=1
run "e2e tests" jest --selectProjects e2e --runInBand --json --outputFile="$results/e2e.json" || status=1
node scripts/summarize-tests.mjs "$results" || status=1
exit $status

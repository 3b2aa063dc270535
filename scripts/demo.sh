#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then brings up the three-operator demo federation,
# posts a CREATE to one operator and a TRANSFER to another, shows both VALID on every node,
# admits a fourth operator by the members' ballots (act two) and shows it voting,
# and leaves the federation running (the last lines say how to tear it down).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
printf "\n[demo] == three-operator federation, then act two: a governed admission\n"
exec node dist/lab/cli/main.js demo "$@"

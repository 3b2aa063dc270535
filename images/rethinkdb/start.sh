#!/bin/sh
# Starts a RethinkDB server from a config file (default /etc/rethinkdb/rethinkdb.conf), keeping only
# the join= lines whose host name resolves right now.
#
# Why: RethinkDB aborts at start-up when a join= host does not resolve
# (https://github.com/rethinkdb/rethinkdb/issues/2102), and Docker's DNS knows a container only
# while it runs. A server restarting while one peer is stopped would then crash-loop until that
# peer is back. Joining only the peers that exist is enough: a peer that starts later has this
# server's name in its own join= lines and joins it then.
set -eu
conf=${1:-/etc/rethinkdb/rethinkdb.conf}
[ $# -gt 0 ] && shift
[ -r "$conf" ] || { echo "fedlab-rethinkdb: config file $conf is missing or unreadable" >&2; exit 64; }
out=$(mktemp /tmp/rethinkdb.XXXXXX.conf)
kept=0
skipped=""
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    join=*)
      target=${line#join=}
      host=${target%:*}
      if getent hosts "$host" >/dev/null 2>&1; then
        printf '%s\n' "$line" >>"$out"
        kept=$((kept + 1))
      else
        skipped="$skipped $target"
      fi
      ;;
    *) printf '%s\n' "$line" >>"$out" ;;
  esac
done <"$conf"
[ -z "$skipped" ] || echo "fedlab-rethinkdb: not joining (host does not resolve now; it joins this server when it starts):$skipped" >&2
echo "fedlab-rethinkdb: starting with $kept join line(s) from $conf" >&2
exec rethinkdb --config-file "$out" "$@"

#!/usr/bin/env bash
# Starts a throw-away PostgreSQL (Debian's postgresql package) in DIR on PORT and creates
# the databases named after them. initdb refuses root, so as root it runs as `postgres`.
# Usage: start-postgres.sh DIR PORT DBNAME...   (stop with: stop-postgres.sh DIR)
set -euo pipefail
dir=$1 port=$2
shift 2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
mkdir -p "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# Durability is not needed for tests: fsync off makes them faster.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
for db in "$@"; do
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
done

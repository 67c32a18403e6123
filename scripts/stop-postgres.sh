#!/usr/bin/env bash
# Stops the PostgreSQL started by start-postgres.sh in DIR and removes DIR.
set -uo pipefail
dir=$1
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [ -f "$dir/data/postmaster.pid" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
  else
    "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
  fi
fi
rm -rf "$dir"

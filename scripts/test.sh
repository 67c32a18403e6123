#!/usr/bin/env bash
# make test: installs what is missing, builds, starts PostgreSQL, runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/fuzz.sh --build-only
if [ ! -d tests/e2e/node_modules ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

pg_dir=$(mktemp -d /tmp/matricula-pg.XXXXXX)
trap 'scripts/stop-postgres.sh "$pg_dir"' EXIT
pg_port=$(scripts/free-port.sh)
scripts/start-postgres.sh "$pg_dir" "$pg_port" matricula_contract matricula_http
export MATRICULA_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$pg_port/matricula_contract"
export MATRICULA_TEST_POSTGRES_HTTP_URL="postgresql://postgres@127.0.0.1:$pg_port/matricula_http"

ctest --test-dir build --output-on-failure -j 2 --timeout 600

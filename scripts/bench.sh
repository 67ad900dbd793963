#!/usr/bin/env bash
# Runs a benchmark script from bench/ against the local stack: `npm run bench -- tracking`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
name=${1:?usage: npm run bench -- <name>   (a file bench/<name>.ts)}
shift
infra_up
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@$PGHOST_ADDR:$PGPORT/clickledger}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/2}
run_node "$ROOT/dist/bench/$name.js" "$@"

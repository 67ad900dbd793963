#!/usr/bin/env bash
# Runs every test: starts what the integration tests need (idempotent), then unit and integration
# suites in one jest run, and prints one summary line "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -e
infra_up
set +e
export NODE_ENV=test
export DATABASE_URL=${TEST_DATABASE_URL:-postgres://postgres@$PGHOST_ADDR:$PGPORT/clickledger_test}
export REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/1}
report=$RUN_DIR/jest-report.json
rm -f "$report"
(cd "$ROOT" && npx jest -c jest.config.js --maxWorkers=2 --json --outputFile="$report" "$@")
status=$?
if [[ -f $report ]]; then
  node -e 'const r=require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$report"
fi
exit $status

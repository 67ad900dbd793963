#!/usr/bin/env bash
# Runs a built script with the project's Node.js and path aliases; what the maintenance npm scripts
# call (`npm run migrate -- up`, `npm run republish`, …). Works in a checkout after a build and in
# the Docker images (whose Node.js is already new enough).
#   bash infra/node/run.sh dist/scripts/migrate.js up
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/infra/node/runtime.sh"
use_project_node
script=${1:?usage: run.sh <built script under dist/> [args]}
shift
if [[ ! -f $ROOT/$script ]]; then
  echo "[clickledger] $script is missing: build first (npm run stack:up, or npx tsc -p tsconfig.build.json)" >&2
  exit 2
fi
# kafkajs 2.2.4 can trigger TimeoutNegativeWarning (https://github.com/tulios/kafkajs/issues/1751): see scripts/lib.sh.
exec node --disable-warning=TimeoutNegativeWarning -r "$ROOT/infra/node/register-paths.js" "$ROOT/$script" "$@"

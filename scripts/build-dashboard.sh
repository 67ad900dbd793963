#!/usr/bin/env bash
# Type-checks and builds the web dashboard (web/dashboard) into dist/web/dashboard, served by the API at /.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
npx tsc -p web/dashboard/tsconfig.json
npx vite build --config web/dashboard/vite.config.mjs --logLevel warn

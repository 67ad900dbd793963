#!/usr/bin/env bash
# Refreshes docs/screenshots/*.png: runs the dashboard's browser test (e2e/test/dashboard.integration-spec.ts)
# against a fresh system, with SCREENSHOTS_DIR set so it saves each main page as it goes.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export SCREENSHOTS_DIR=$ROOT/docs/screenshots
exec bash "$ROOT/scripts/test.sh" e2e/test/dashboard.integration-spec.ts

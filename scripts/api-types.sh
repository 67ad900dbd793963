#!/usr/bin/env bash
# Regenerates the API client's types (libs/api-client/src/openapi.d.ts) from the OpenAPI document:
#   npm run api:types                          # from the running stack (http://127.0.0.1:$API_PORT/api/docs-json)
#   npm run api:types -- <file or URL> [out]   # from a saved document or another API
# A schema `default` does not make a field required (--default-non-nullable false): request bodies
# keep their optional fields optional.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source=${1:-http://127.0.0.1:${API_PORT:-8082}/api/docs-json}
out=${2:-$ROOT/libs/api-client/src/openapi.d.ts}
node "$ROOT/node_modules/openapi-typescript/bin/cli.js" "$source" -o "$out" --default-non-nullable false

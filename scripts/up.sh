#!/usr/bin/env bash
# Brings up the whole system: Postgres, Redis, Kafka (from its Maven jars), topics, migrations and
# the four services, built. Idempotent: what is already running is left as it is.
#   npm run stack:up            # the system
#   npm run stack:up -- --demo  # and a demo network, offer, traffic source and campaign
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
infra_up
run_node "$ROOT/dist/scripts/migrate.js" up || die "migrations failed (DATABASE_URL=$DATABASE_URL)"
run_node "$ROOT/dist/scripts/migrate.js" ensure-partitions || die "could not create click partitions"
for name in "${SERVICES[@]}"; do start_service "$name"; done
for name in "${SERVICES[@]}"; do wait_ready "$name" || die "$name did not become ready"; done

cat >&2 <<INFO

[clickledger] Clickledger is running (logs in $LOG_DIR, stop with: npm run stack:down)
  campaign links   ${PUBLIC_CLICK_BASE_URL}/c/<campaignKey>
  postback URL     ${PUBLIC_POSTBACK_BASE_URL}/postback?cid={clickid}&payout={payout}&txid={txid}
  dashboard        http://127.0.0.1:${SERVICE_PORT[api]}/   (sign in with the API token)
  API              http://127.0.0.1:${SERVICE_PORT[api]}/api   (Authorization: Bearer ${API_TOKEN})
  API docs         http://127.0.0.1:${SERVICE_PORT[api]}/api/docs (Swagger UI; the OpenAPI document at /api/docs-json)
  attribution      http://127.0.0.1:${SERVICE_PORT[attribution]}/health/ready, /metrics
  source postbacks http://127.0.0.1:${SERVICE_PORT[source-postbacks]}/health/ready, /metrics, dev sink /sink/requests
INFO
if [[ ${1:-} == --demo ]]; then
  run_node "$ROOT/dist/scripts/demo-seed.js" || die "demo seed failed"
fi

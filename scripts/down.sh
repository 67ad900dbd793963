#!/usr/bin/env bash
# Stops what `npm run stack:up` started: the services, then Kafka. The machine's own Postgres and
# Redis stay up, since other programs may use them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do stop_service "${SERVICES[$i]}"; done
"$ROOT/infra/kafka/kafka.sh" stop

#!/usr/bin/env bash
# Shows that the module-boundary rules bite: writes a file that breaks each rule into an app, lints
# it, expects the rule's error, and removes the file. CI runs it after lint. `npm run lint:rules`
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
app_probe=services/click/src/lint-rules.probe.ts
core_probe=services/attribution/src/core/lint-rules.probe.ts
clicks_probe=services/attribution/src/clicks/lint-rules.probe.ts
trap 'rm -f "$app_probe" "$core_probe" "$clicks_probe"' EXIT
failures=0
probe=$app_probe

expect_error() { # <rule description> <expected message fragment> <file content>; writes to $probe
  printf '%s\n' "$3" >"$probe"
  local out
  out=$(npx eslint --no-warn-ignored "$probe" 2>&1)
  if [[ $? -ne 0 && $out == *"$2"* ]]; then
    echo "ok: $1"
  else
    echo "NOT ENFORCED: $1 (expected \"$2\")"
    echo "$out" | tail -n 5
    failures=$((failures + 1))
  fi
}

expect_error 'an app may not depend on a testing library' \
  'A project tagged with "type:app" can only depend on libs tagged with' \
  "import { eventually } from '@clickledger/testing';
export const probe = eventually;"
expect_error 'an app may not import kafkajs (platform-kafka owns it)' \
  'A project tagged with "type:app" is not allowed to import "kafkajs"' \
  "import { Kafka } from 'kafkajs';
export const probe = Kafka;"

probe=$core_probe
expect_error "attribution's core may not import the rest of the service" \
  'core/ imports nothing above it' \
  "import { AttributionMetrics } from '../common/attribution.metrics';
export const probe = AttributionMetrics;"
expect_error "attribution's core may not import a framework" \
  'core/ is framework-free' \
  "import { Injectable } from '@nestjs/common';
export const probe = Injectable;"

probe=$clicks_probe
expect_error 'a lower attribution layer may not import a higher one' \
  'a lower attribution layer may not import a higher one' \
  "import { PendingPostbacksScanner } from '../pending/pending-postbacks.scanner';
export const probe = PendingPostbacksScanner;"

exit $((failures > 0))

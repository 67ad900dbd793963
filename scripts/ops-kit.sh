#!/usr/bin/env bash
# The ops kit's generated file and its checks.
#   npm run ops:kit -- generate   writes infra/k8s/monitoring/prometheus-rule.yaml from infra/prometheus/clickledger.rules.yml
#   npm run ops:kit -- check      CI: the PrometheusRule matches the rules file, every metric the rules and the
#                                 dashboard name is one the code defines, the dashboard is valid JSON, and
#                                 (when promtool is installed) the rules pass `promtool check rules` and their tests
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RULES=$ROOT/infra/prometheus/clickledger.rules.yml
RULE_TESTS=$ROOT/infra/prometheus/clickledger.rules.test.yml
K8S_RULE=$ROOT/infra/k8s/monitoring/prometheus-rule.yaml
DASHBOARD=$ROOT/infra/grafana/clickledger-dashboard.json

# The PrometheusRule's spec is the rules file itself (same `groups:`), indented under `spec:`.
render_k8s_rule() {
  cat <<'HEAD'
# GENERATED from infra/prometheus/clickledger.rules.yml by `npm run ops:kit -- generate`: edit that file.
# Needs the Prometheus Operator's CRDs; its Prometheus must select `release: prometheus` rules or
# relabel this to what your ruleSelector expects.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: clickledger
  labels: { app.kubernetes.io/name: clickledger, release: prometheus }
spec:
HEAD
  sed -n '/^groups:/,$p' "$RULES" | sed 's/^\(.\)/  \1/'
}

# Metric names the code registers with prom-client, plus prom-client's defaults and Prometheus' `up`.
defined_metrics() {
  grep -rlE "from 'prom-client'" "$ROOT/libs" "$ROOT/services" --include=*.ts | grep -v '/test/' |
    xargs grep -hoE "name: '[a-z_][a-z0-9_]*'" | sed -E "s/name: '(.*)'/\1/"
  echo up
}

# Names in the rules and the dashboard that look like ours: by the prefixes the code uses.
used_metrics() {
  grep -hoE '\b(up|http|kafka|clicks|postbacks?|attribution|process|nodejs)_[a-z0-9_]+' "$RULES" "$DASHBOARD" |
    sed -E 's/_(bucket|count|sum)$//' | sort -u
}

# Every query of the dashboard as a recording rule, Grafana's variables replaced by plain values.
dashboard_queries_as_rules() {
  node -e '
    const dashboard = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
    const rules = exprs.map((expr, i) => ({
      record: `dashboard:query_${i}`,
      expr: expr.replaceAll("$__rate_interval", "5m").replaceAll("$job", ".*"),
    }));
    console.log(JSON.stringify({ groups: [{ name: "dashboard", rules }] }));
  ' "$DASHBOARD"
}

check() {
  local failed=0 metric
  if ! diff -u "$K8S_RULE" <(render_k8s_rule); then
    echo "infra/k8s/monitoring/prometheus-rule.yaml differs from the rules file: npm run ops:kit -- generate" >&2
    failed=1
  fi
  node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$DASHBOARD" ||
    { echo "$DASHBOARD is not valid JSON" >&2; failed=1; }
  local defined
  defined=$(defined_metrics | sort -u)
  for metric in $(used_metrics); do
    case $metric in process_* | nodejs_*) continue ;; esac # prom-client's collectDefaultMetrics
    if ! grep -qx "$metric" <<<"$defined"; then
      echo "the rules or the dashboard use $metric, which no service defines" >&2
      failed=1
    fi
  done
  if command -v promtool >/dev/null; then
    promtool check rules "$RULES" >/dev/null || failed=1
    (cd "$(dirname "$RULE_TESTS")" && promtool test rules "$(basename "$RULE_TESTS")") || failed=1
    # The dashboard's queries parse: each becomes a recording rule that promtool checks.
    local queries
    queries=$(mktemp --suffix=.yml)
    dashboard_queries_as_rules >"$queries"
    promtool check rules "$queries" >/dev/null || { echo "a dashboard query does not parse" >&2; failed=1; }
    rm -f "$queries"
  else
    echo "promtool not installed: rules not checked by promtool (CI installs Debian's prometheus package)" >&2
  fi
  ((failed == 0)) && echo "ops kit: rules, PrometheusRule, dashboard and metric names agree"
  return "$failed"
}

case "${1:-}" in
  generate) render_k8s_rule >"$K8S_RULE" && echo "wrote ${K8S_RULE#"$ROOT/"}" ;;
  check) check ;;
  *) echo "usage: $0 generate|check" >&2; exit 2 ;;
esac

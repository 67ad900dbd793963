# Shared by the stack scripts: defaults for the local stack and small helpers.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Node.js >= 24 for everything these scripts start: the machine's, else the pinned project runtime.
source "$ROOT/infra/node/runtime.sh"
use_project_node || { echo "[clickledger] ERROR: no Node.js >= $NODE_MIN_MAJOR (see infra/node/runtime.sh)" >&2; exit 1; }
export KAFKA_PORT=${KAFKA_PORT:-9092}
export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}
export PGHOST_ADDR=${PGHOST_ADDR:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export REDIS_PORT=${REDIS_PORT:-6379}
RUN_DIR=$ROOT/.run
mkdir -p "$RUN_DIR"

say() { echo "[clickledger] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# Installs dependencies when package-lock.json changed since the last install. Compared by content,
# not by time: a fresh checkout's lock file is always newer than an installed tree.
ensure_node_modules() {
  local stamp=$ROOT/node_modules/.clickledger-lock.sha256 want
  want=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
  if [[ ! -f $ROOT/node_modules/.package-lock.json || $(cat "$stamp" 2>/dev/null) != "$want" ]]; then
    say "installing npm dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
    echo "$want" >"$stamp"
  fi
}

ensure_postgres() {
  if ! pg_isready -q -h "$PGHOST_ADDR" -p "$PGPORT" 2>/dev/null; then
    say "PostgreSQL is not answering on $PGHOST_ADDR:$PGPORT; starting the local cluster"
    command -v pg_ctlcluster >/dev/null || die "PostgreSQL is not installed: apt-get install -y postgresql, or set DATABASE_URL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || die "could not start PostgreSQL"
    for _ in $(seq 1 50); do pg_isready -q -h "$PGHOST_ADDR" -p "$PGPORT" && break; sleep 0.2; done
  fi
  local db
  for db in "$@"; do
    if [[ -z $(psql -h "$PGHOST_ADDR" -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'") ]]; then
      psql -h "$PGHOST_ADDR" -p "$PGPORT" -U postgres -qc "CREATE DATABASE $db" || die "could not create database $db"
      say "created database $db"
    fi
  done
}

ensure_redis() {
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    say "Redis is not answering on 127.0.0.1:$REDIS_PORT; starting it"
    command -v redis-server >/dev/null || die "Redis is not installed: apt-get install -y redis-server, or set REDIS_URL"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || die "could not start Redis"
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
}

build_all() {
  say "building (tsc -p tsconfig.build.json, then the dashboard with vite)"
  (cd "$ROOT" && npx tsc -p tsconfig.build.json) || die "build failed"
  bash "$ROOT/scripts/build-dashboard.sh" || die "dashboard build failed (web/dashboard)"
}

# kafkajs 2.2.4 sets a timer to a negative delay, which Node >= 24 clamps to 1 ms with a
# TimeoutNegativeWarning (https://github.com/tulios/kafkajs/issues/1751). createKafkaClient no longer
# does (libs/platform/kafka/src/request-queue-idle-fix.ts); a kafkajs client made directly (the test
# setup's admin) still may, so that one warning stays silenced for what these scripts start.
case " ${NODE_OPTIONS:-} " in
  *" --disable-warning=TimeoutNegativeWarning "*) ;;
  *) export NODE_OPTIONS="--disable-warning=TimeoutNegativeWarning${NODE_OPTIONS:+ $NODE_OPTIONS}" ;;
esac
NODE_RUN_FLAGS=(-r "$ROOT/infra/node/register-paths.js")

# Runs a compiled script or service with our path aliases resolved.
run_node() { node "${NODE_RUN_FLAGS[@]}" "$@"; }

ensure_topics() {
  run_node "$ROOT/dist/scripts/ensure-topics.js" || die "could not create Kafka topics on $KAFKA_BROKERS"
}

infra_up() {
  ensure_node_modules
  ensure_postgres clickledger clickledger_test
  ensure_redis
  "$ROOT/infra/kafka/kafka.sh" start
  build_all
  ensure_topics
}

# ---- the services -----------------------------------------------------------------------------
SERVICES=(click postback-ingress api attribution source-postbacks)
# Ports: the contract's defaults, each overridable (e.g. to run a second stack beside the first).
declare -A SERVICE_PORT=([click]=${CLICK_PORT:-8080} [postback-ingress]=${POSTBACK_INGRESS_PORT:-8081}
  [api]=${API_PORT:-8082} [attribution]=${ATTRIBUTION_PORT:-8083} [source-postbacks]=${SOURCE_POSTBACKS_PORT:-8084})
export API_PORT=${SERVICE_PORT[api]} # the demo seed talks to it
LOG_DIR=$RUN_DIR/logs

# Development defaults; anything already in the environment wins. NODE_ENV=development is what lets
# the services accept the development secrets below (outside development they refuse to start).
export NODE_ENV=${NODE_ENV:-development}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@$PGHOST_ADDR:$PGPORT/clickledger}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/0}
export API_TOKEN=${API_TOKEN:-dev-token}
export CLICK_ID_SECRETS=${CLICK_ID_SECRETS:-dev-click-id-secret-change-me-0001}
# CONTRACT §3: the development stack believes X-Forwarded-For from loopback (a local proxy, the tests).
export TRUSTED_PROXIES=${TRUSTED_PROXIES:-loopback}
export PUBLIC_CLICK_BASE_URL=${PUBLIC_CLICK_BASE_URL:-http://127.0.0.1:${SERVICE_PORT[click]}}
# source-postbacks: the demo traffic source is the service's own sink on loopback.
export SOURCE_POSTBACK_ALLOW_PRIVATE=${SOURCE_POSTBACK_ALLOW_PRIVATE:-true}
export SOURCE_POSTBACK_TEST_SINK=${SOURCE_POSTBACK_TEST_SINK:-true}
export PUBLIC_POSTBACK_BASE_URL=${PUBLIC_POSTBACK_BASE_URL:-http://127.0.0.1:${SERVICE_PORT[postback-ingress]}}
# The test-postback tool (API) reaches the click service and the ingress directly, whatever the public URLs.
export CLICK_SERVICE_URL=${CLICK_SERVICE_URL:-http://127.0.0.1:${SERVICE_PORT[click]}}
export POSTBACK_INGRESS_URL=${POSTBACK_INGRESS_URL:-http://127.0.0.1:${SERVICE_PORT[postback-ingress]}}

service_pid() {
  local pidfile=$RUN_DIR/$1.pid pid
  [[ -f $pidfile ]] || return 1
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null && grep -q "dist/services/$1/" "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

# On one box the consumers, whose work may wait (a conversion has a second), yield the CPU to the
# services that answer requests (a redirect has 25 ms): see docs/slo.md. 0 runs them like the others.
CONSUMER_NICE=${CLICKLEDGER_CONSUMER_NICE:-10}
declare -A SERVICE_NICE=([attribution]=$CONSUMER_NICE [source-postbacks]=$CONSUMER_NICE)

start_service() {
  local name=$1 port=${SERVICE_PORT[$1]} pid
  if pid=$(service_pid "$name"); then
    say "$name already running (pid $pid) on :$port"
    return 0
  fi
  mkdir -p "$LOG_DIR"
  HTTP_PORT=$port KAFKA_SPOOL_DIR=$RUN_DIR/spool/$name setsid nohup nice -n "${SERVICE_NICE[$name]:-0}" \
    node "${NODE_RUN_FLAGS[@]}" "$ROOT/dist/services/$name/src/main.js" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

wait_ready() {
  local name=$1 port=${SERVICE_PORT[$1]}
  for _ in $(seq 1 300); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! service_pid "$name" >/dev/null; then
      say "$name exited during start; last lines of $LOG_DIR/$name.log:"
      tail -n 20 "$LOG_DIR/$name.log" >&2
      return 1
    fi
    sleep 0.2
  done
  say "$name is not ready after 60 s; see $LOG_DIR/$name.log and http://127.0.0.1:$port/health/ready"
  return 1
}

stop_service() {
  local name=$1 pid
  if ! pid=$(service_pid "$name"); then
    rm -f "$RUN_DIR/$name.pid"
    return 0
  fi
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  rm -f "$RUN_DIR/$name.pid"
  say "stopped $name"
}

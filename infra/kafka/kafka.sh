#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft broker+controller) run from its Maven Central jars.
#   infra/kafka/kafka.sh fetch|start|stop|status|restart|logs
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP (512m), KAFKA_HOME_DIR (infra/kafka/.runtime),
#      KAFKA_GC (-XX:+UseSerialGC: the JVM's garbage collector options, e.g. -XX:+UseZGC)
#      KAFKA_CONFIG (more broker settings, key=value separated by spaces, e.g. "num.io.threads=2")
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUNTIME=${KAFKA_HOME_DIR:-$HERE/.runtime}
PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
HEAP=${KAFKA_HEAP:-512m}
read -r -a GC_OPTS <<<"${KAFKA_GC:--XX:+UseSerialGC}"
LIBS=$RUNTIME/libs
DATA=$RUNTIME/data-$PORT
LOGS=$RUNTIME/logs-$PORT
PIDFILE=$RUNTIME/kafka-$PORT.pid
CONF=$RUNTIME/server-$PORT.properties

log() { echo "[kafka] $*" >&2; }

fetch() {
  local stamp
  stamp=$(sha256sum "$HERE/pom.xml" | cut -c1-16)
  if [[ -f $LIBS/.stamp && $(cat "$LIBS/.stamp") == "$stamp" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch Kafka: apt-get install -y maven"; exit 1; }
  command -v java >/dev/null || { log "Java 17+ is required to run Kafka: apt-get install -y openjdk-17-jre-headless"; exit 1; }
  log "resolving Kafka jars from Maven Central (once; cached in $LIBS)"
  rm -rf "$LIBS" && mkdir -p "$LIBS"
  mvn -q -B -Dstyle.color=never -f "$HERE/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS"
  echo "$stamp" >"$LIBS/.stamp"
}

running_pid() {
  [[ -f $PIDFILE ]] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  kill -0 "$pid" 2>/dev/null && grep -q 'kafka.Kafka' "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

write_config() {
  mkdir -p "$DATA" "$LOGS"
  cat >"$CONF" <<CFG
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
default.replication.factor=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=134217728
CFG
  # KAFKA_CONFIG: more broker settings, `key=value` separated by spaces; a later line wins.
  local setting
  for setting in ${KAFKA_CONFIG:-}; do
    [[ $setting == *=* ]] || { log "KAFKA_CONFIG: '$setting' is not key=value"; exit 1; }
    echo "$setting" >>"$CONF"
  done
  cat >"$RUNTIME/log4j2.properties" <<'L4J'
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.filePattern = ${sys:kafka.logs.dir}/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
L4J
}

java_args() {
  JAVA_ARGS=(-Xms128m "-Xmx$HEAP" "${GC_OPTS[@]}"
    -Djava.awt.headless=true "-Dkafka.logs.dir=$LOGS"
    "-Dlog4j2.configurationFile=$RUNTIME/log4j2.properties" -cp "$LIBS/*")
}

format_storage() {
  if [[ -f $DATA/meta.properties ]]; then return 0; fi
  log "formatting KRaft storage in $DATA"
  local id
  java_args
  id=$(java "${JAVA_ARGS[@]}" kafka.tools.StorageTool random-uuid)
  java "${JAVA_ARGS[@]}" kafka.tools.StorageTool format -t "$id" -c "$CONF" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Whether server.log has the text after its first $1 lines (all of it once the log rolled over).
logged_since() {
  local from=$1 lines
  lines=$(wc -l <"$LOGS/server.log" 2>/dev/null) || return 1
  ((lines < from)) && from=0
  tail -n "+$((from + 1))" "$LOGS/server.log" | grep -q "$2"
}

start() {
  if pid=$(running_pid); then
    log "already running (pid $pid) on 127.0.0.1:$PORT"
    return 0
  fi
  if port_open "$PORT"; then
    log "port $PORT is taken by another process; set KAFKA_PORT to use another port"
    exit 1
  fi
  fetch
  write_config
  format_storage
  local t0=$SECONDS
  : >"$LOGS/stdout.log"
  # server.log keeps earlier runs' lines: only what this run appends counts as "started".
  local seen=0
  [[ -f $LOGS/server.log ]] && seen=$(wc -l <"$LOGS/server.log")
  java_args
  setsid nohup java "${JAVA_ARGS[@]}" kafka.Kafka "$CONF" >>"$LOGS/stdout.log" 2>&1 </dev/null &
  local started_pid=$!
  echo "$started_pid" >"$PIDFILE"
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until logged_since "$seen" 'Kafka Server started' && port_open "$PORT"; do
    # kill -0, not running_pid: while setsid and nohup exec into java, /proc/<pid>/cmdline can
    # read empty for an instant, and a live broker would be taken for a dead one.
    if ! kill -0 "$started_pid" 2>/dev/null; then
      log "Kafka exited during start; last lines of $LOGS:"
      tail -n 30 "$LOGS/stdout.log" "$LOGS/server.log" 2>/dev/null >&2 || true
      exit 1
    fi
    if ((SECONDS > deadline)); then
      log "Kafka did not start within ${KAFKA_START_TIMEOUT:-90}s; see $LOGS/server.log"
      exit 1
    fi
    sleep 0.2
  done
  log "Kafka $(ls "$LIBS" | sed -n 's/^kafka-clients-\(.*\)\.jar$/\1/p') serving on 127.0.0.1:$PORT (started in $((SECONDS - t0))s, pid $(cat "$PIDFILE"))"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    log "not running on port $PORT"
    rm -f "$PIDFILE"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after 30s; sending SIGKILL"
    kill -9 "$pid" || true
  fi
  rm -f "$PIDFILE"
  log "stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  restart) stop && start ;;
  status) if pid=$(running_pid); then echo "running pid $pid port $PORT"; else echo "stopped"; exit 3; fi ;;
  logs) tail -n "${2:-100}" "$LOGS/server.log" ;;
  reset) stop; rm -rf "$DATA" "$LOGS"; log "data removed" ;;
  *) echo "usage: $0 fetch|start|stop|restart|status|logs [n]|reset" >&2; exit 2 ;;
esac

# Kafka for deploy/local: one KRaft node (broker and controller) from the broker jars on Maven
# Central, resolved by deploy/local/kafka/pom.xml. Data under $LOCAL_DIR/kafka.

KAFKA_HOME="$LOCAL_DIR/kafka"
KAFKA_LIB="$KAFKA_HOME/lib"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_CONFIG="$KAFKA_HOME/server.properties"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"

kafka_java() {
  java -Dlog4j2.configurationFile="$DEPLOY_LOCAL/kafka/log4j2.properties" -cp "$KAFKA_LIB/*" "$@"
}

# The jar folder is rebuilt whenever the pom naming it changes.
kafka_install() {
  local want
  want="$(sha256sum <"$DEPLOY_LOCAL/kafka/pom.xml" | cut -d' ' -f1)"
  [[ -f "$KAFKA_LIB/.pom.sha256" && "$(<"$KAFKA_LIB/.pom.sha256")" == "$want" ]] && return 0
  kafka_pid >/dev/null && die "kafka: deploy/local/kafka/pom.xml changed while the broker runs; run deploy/local/down first"
  log "kafka: fetching the broker jars from Maven Central"
  rm -rf "$KAFKA_LIB.tmp"
  mvn_quiet -f "$DEPLOY_LOCAL/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime "-DoutputDirectory=$KAFKA_LIB.tmp"
  printf '%s\n' "$want" >"$KAFKA_LIB.tmp/.pom.sha256"
  rm -rf "$KAFKA_LIB"
  mv "$KAFKA_LIB.tmp" "$KAFKA_LIB"
}

kafka_configure() {
  cat >"$KAFKA_CONFIG" <<EOF
# Written by deploy/local/up; edit deploy/local/kafka.sh instead.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=$KAFKA_PARTITIONS
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

kafka_format() {
  [[ -f "$KAFKA_DATA/meta.properties" ]] && return 0
  log "kafka: formatting storage in $KAFKA_DATA"
  # A cluster id is 16 random bytes in URL-safe base64 without padding.
  local cluster_id
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_CONFIG" >>"$KAFKA_LOG" 2>&1 ||
    die "kafka: formatting storage failed; see $KAFKA_LOG"
}

kafka_pid() { pid_of kafka "$KAFKA_CONFIG"; }

kafka_start() {
  kafka_pid >/dev/null && return 0
  require_free_port kafka "$KAFKA_PORT"
  require_free_port kafka-controller "$KAFKA_CONTROLLER_PORT"
  mkdir -p "$KAFKA_HOME"
  kafka_configure
  kafka_format
  log "kafka: starting on 127.0.0.1:$KAFKA_PORT"
  # shellcheck disable=SC2086
  setsid java $KAFKA_HEAP_OPTS -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$DEPLOY_LOCAL/kafka/log4j2.properties" \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_CONFIG" </dev/null >>"$KAFKA_LOG" 2>&1 9>&- &
  record_pid kafka "$!"
  wait_until kafka "$KAFKA_LOG" "$(<"$RUN_DIR/kafka.pid")" port_open "$KAFKA_PORT"
}

# Topics are checked again whenever their list or partition count differs from the last run.
kafka_topics() {
  local want="${KAFKA_TOPICS[*]} x$KAFKA_PARTITIONS" marker="$KAFKA_DATA/.editgov-topics"
  [[ -f "$marker" && "$(<"$marker")" == "$want" ]] && return 0
  kafka_java "$DEPLOY_LOCAL/kafka/CreateTopics.java" "127.0.0.1:$KAFKA_PORT" "$KAFKA_PARTITIONS" \
    "${KAFKA_TOPICS[@]}" >>"$KAFKA_LOG" 2>&1 || die "kafka: creating topics failed; see $KAFKA_LOG"
  printf '%s\n' "$want" >"$marker"
  log "kafka: topics ready: ${KAFKA_TOPICS[*]} ($KAFKA_PARTITIONS partitions or more)"
}

kafka_down() {
  local pid
  pid="$(kafka_pid)" || { forget_pid kafka; return 0; }
  log "kafka: stopping (pid $pid)"
  stop_pid kafka "$pid"
}

kafka_status() {
  local pid
  if pid="$(kafka_pid)"; then
    printf '%-9s running  pid %-7s 127.0.0.1:%s (%d topics)\n' kafka "$pid" "$KAFKA_PORT" "${#KAFKA_TOPICS[@]}"
  else
    printf '%-9s stopped\n' kafka
  fi
}

# Shared by deploy/local/up, down and status: where things live and how we track processes.
# Sourced, never executed. Every server binds to 127.0.0.1 only.

EDITGOV_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEPLOY_LOCAL="$EDITGOV_ROOT/deploy/local"
LOCAL_DIR="${EDITGOV_LOCAL_DIR:-$EDITGOV_ROOT/.local}"
RUN_DIR="$LOCAL_DIR/run"
LOG_DIR="$LOCAL_DIR/logs"
DOWNLOAD_DIR="$LOCAL_DIR/downloads"
SECRETS_FILE="$LOCAL_DIR/secrets.env"

# Seconds to wait for one server to become healthy. Generous on purpose: our 2-core machines
# are often far overloaded (Keycloak's first start took 192 s at load 30), and a server that
# dies while starting is reported at once anyway.
UP_TIMEOUT="${EDITGOV_UP_TIMEOUT:-600}"

# The ports of shared/DESIGN.md; override them only to run a second, throwaway set of servers.
PG_PORT=${EDITGOV_PG_PORT:-55432}
KAFKA_PORT=${EDITGOV_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${EDITGOV_KAFKA_CONTROLLER_PORT:-9093}
KEYCLOAK_PORT=${EDITGOV_KEYCLOAK_PORT:-8180}
KEYCLOAK_REALM=edits

# The databases of the services, one role of the same name each. Local-only passwords: the
# servers listen on loopback, and the README documents them next to the demo logins.
SERVICE_DATABASES=(request_api audit)

# The topics of shared/DESIGN.md, and edit.withdrawn (a withdrawal is a state change too).
KAFKA_TOPICS=(edit.proposed edit.reviewed edit.withdrawn batch.requested batch.completed batch.failed
  model.version.committed model.rollback.requested)
KAFKA_PARTITIONS=6

MAVEN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

log() { printf '%s\n' "$*"; }
die() { printf 'deploy/local: %s\n' "$*" >&2; exit 1; }

prepare_dirs() {
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$DOWNLOAD_DIR"
}

# The few tools the scripts use beyond Java and Maven, with the Debian package of each.
declare -A TOOL_PACKAGES=([curl]=curl [unzip]=unzip [envsubst]=gettext-base [flock]=util-linux
  [runuser]=util-linux [xz]=xz-utils [awk]=mawk [od]=coreutils)

require_tools() {
  local tool missing=()
  command -v java >/dev/null || die "java is not on PATH; install a JDK 17 (Debian: openjdk-17-jdk-headless)"
  command -v mvn >/dev/null || die "mvn is not on PATH; install Maven (Debian: maven)"
  for tool in "${!TOOL_PACKAGES[@]}"; do
    command -v "$tool" >/dev/null || missing+=("${TOOL_PACKAGES[$tool]}")
  done
  ((${#missing[@]})) || return 0
  if ((EUID != 0)) || ! command -v apt-get >/dev/null; then
    die "missing tools; install the Debian packages: ${missing[*]}"
  fi
  log "installing ${missing[*]} from Debian (log: $LOG_DIR/install-tools.log)"
  { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; } >"$LOG_DIR/install-tools.log" 2>&1 ||
    die "installing ${missing[*]} failed; see $LOG_DIR/install-tools.log"
}

# A PID file is trusted only while its process still runs and its command line names our own
# instance (its data folder or config), so a recycled PID is never mistaken for a server.
pid_of() {
  local name="$1" marker="$2" pidfile="$RUN_DIR/$1.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(<"$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  printf '%s\n' "$pid"
}

record_pid() { printf '%s\n' "$2" >"$RUN_DIR/$1.pid"; }
forget_pid() { rm -f "$RUN_DIR/$1.pid"; }

# stop_pid NAME PID [SIGNAL]: signals a recorded PID (TERM by default) and waits for it to
# exit, then KILL as a last resort.
stop_pid() {
  local name="$1" pid="$2" signal="${3:-TERM}" waited=0
  kill "-$signal" "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 60)); then
      log "$name (pid $pid) still running 30 s after $signal; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  forget_pid "$name"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Fails early, with a clear reason, when someone else already holds a port we need.
require_free_port() {
  local name="$1" port="$2"
  if port_open "$port"; then
    die "$name cannot start: 127.0.0.1:$port is already in use by a process deploy/local did not start (see: ss -ltnp 'sport = :$port')"
  fi
}

# wait_until NAME LOGFILE PID COMMAND...: polls COMMAND until it succeeds, failing early when
# the process PID (empty: none to watch) has exited, and after UP_TIMEOUT seconds.
wait_until() {
  local name="$1" logfile="$2" pid="$3" deadline=$((SECONDS + UP_TIMEOUT))
  shift 3
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      die "$name exited while starting; see its log: $logfile"
    fi
    if ((SECONDS >= deadline)); then
      die "$name did not become healthy within ${UP_TIMEOUT}s; see its log: $logfile"
    fi
    sleep 0.5
  done
}

# Seconds since a `date +%s.%N` stamp, one decimal.
elapsed_since() { awk -v from="$1" -v to="$(date +%s.%N)" 'BEGIN { printf "%.1f", to - from }'; }

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# Client secrets are generated once per machine and never committed.
ensure_secrets() {
  [[ -f "$SECRETS_FILE" ]] && return 0
  (
    umask 077
    cat >"$SECRETS_FILE.tmp" <<EOF
# Generated by deploy/local/up on first run; local only, never commit. Delete this file to
# rotate: the next up re-imports the realm with new values.
EDITGOV_REQUEST_API_CLIENT_SECRET=$(random_hex 24)
EDITGOV_EDITOR_WORKER_CLIENT_SECRET=$(random_hex 24)
EDITGOV_AUDIT_SERVICE_CLIENT_SECRET=$(random_hex 24)
EDITGOV_KEYCLOAK_ADMIN_PASSWORD=$(random_hex 16)
EOF
  )
  mv "$SECRETS_FILE.tmp" "$SECRETS_FILE"
}

# Connection facts for tools and tests (test-support reads this file), written by each up.
write_servers_env() {
  local databases topics
  databases="$(IFS=,; printf '%s' "${SERVICE_DATABASES[*]}")"
  topics="$(IFS=,; printf '%s' "${KAFKA_TOPICS[*]}")"
  cat >"$LOCAL_DIR/servers.env.tmp" <<EOF
# Written by deploy/local/up. Each database has a role of the same name, password = name.
EDITGOV_POSTGRES_HOST=127.0.0.1
EDITGOV_POSTGRES_PORT=$PG_PORT
EDITGOV_DATABASES=$databases
EDITGOV_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
EDITGOV_KAFKA_TOPICS=$topics
EDITGOV_KAFKA_PARTITIONS=$KAFKA_PARTITIONS
EDITGOV_KEYCLOAK_URL=http://127.0.0.1:$KEYCLOAK_PORT
EDITGOV_KEYCLOAK_REALM=$KEYCLOAK_REALM
EOF
  mv "$LOCAL_DIR/servers.env.tmp" "$LOCAL_DIR/servers.env"
}

load_secrets() {
  set -a
  # shellcheck disable=SC1090
  source "$SECRETS_FILE"
  set +a
}

# Runs mvn quietly but shows its output when it fails, because that output is the diagnosis.
mvn_quiet() {
  local out
  if ! out="$(mvn -B -q "$@" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "mvn $* failed"
  fi
}

source "$DEPLOY_LOCAL/postgres.sh"
source "$DEPLOY_LOCAL/kafka.sh"
source "$DEPLOY_LOCAL/keycloak.sh"

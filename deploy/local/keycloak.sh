# Keycloak for deploy/local: the keycloak-quarkus-dist zip from Maven Central, in dev mode on
# 127.0.0.1:8180 (its own file database under data/), with the realm of deploy/keycloak/realm.json.

KC_VERSION=26.4.0
KC_HOME="$LOCAL_DIR/keycloak/keycloak-$KC_VERSION"
KC_LOG="$LOG_DIR/keycloak.log"
KC_REALM_SOURCE="$EDITGOV_ROOT/deploy/keycloak/realm.json"
KC_REALM_IMPORT="$KC_HOME/data/import/$KEYCLOAK_REALM-realm.json"
KC_IMPORTED_MARK="$KC_HOME/data/.imported-realm.sha256"
KC_URL="http://127.0.0.1:$KEYCLOAK_PORT"
# kc.sh would size the heap from the machine's memory (70% of it); a fixed cap is friendlier.
KC_HEAP="${KEYCLOAK_HEAP_OPTS:--Xms64m -Xmx768m}"
# C1 only: on our busy 2-core machines this halves the start (measured 21-23 s against 41-54 s
# at load 18); a test server does not need C2's peak speed.
KC_JAVA_APPEND="${KEYCLOAK_JAVA_OPTS_APPEND:--XX:TieredStopAtLevel=1}"

keycloak_install() {
  [[ -x "$KC_HOME/bin/kc.sh" ]] && return 0
  log "keycloak: fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION (zip) from Maven Central"
  mvn_quiet "$MAVEN_DEPENDENCY_PLUGIN:copy" \
    "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" "-DoutputDirectory=$DOWNLOAD_DIR"
  local tmp="$LOCAL_DIR/keycloak/unpack.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  unzip -q "$DOWNLOAD_DIR/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$tmp"
  mv "$tmp/keycloak-$KC_VERSION" "$KC_HOME"
  rm -rf "$tmp"
}

# The committed realm names its client secrets as ${EDITGOV_..._CLIENT_SECRET}; the copy that is
# imported gets this machine's generated values (docker-compose passes them as environment
# variables instead, which Keycloak's import also resolves).
keycloak_render_realm() {
  load_secrets
  mkdir -p "$(dirname "$KC_REALM_IMPORT")"
  (
    umask 077
    # shellcheck disable=SC2016 # envsubst takes the variable names literally
    envsubst '${EDITGOV_REQUEST_API_CLIENT_SECRET} ${EDITGOV_EDITOR_WORKER_CLIENT_SECRET} ${EDITGOV_AUDIT_SERVICE_CLIENT_SECRET}' \
      <"$KC_REALM_SOURCE" >"$KC_REALM_IMPORT.tmp"
  )
  mv "$KC_REALM_IMPORT.tmp" "$KC_REALM_IMPORT"
}

realm_hash() { sha256sum <"$KC_REALM_IMPORT" | cut -d' ' -f1; }

keycloak_pid() { pid_of keycloak "$KC_HOME"; }

realm_ready() { curl -fsS -o /dev/null "$KC_URL/realms/$KEYCLOAK_REALM/.well-known/openid-configuration"; }

# Starts Keycloak in the background if it is not running; keycloak_wait waits for it.
keycloak_launch() {
  keycloak_render_realm
  # Keycloak imports a realm only into an empty database: a changed realm file means a fresh one.
  if [[ ! -f "$KC_IMPORTED_MARK" || "$(<"$KC_IMPORTED_MARK")" != "$(realm_hash)" ]]; then
    if [[ -d "$KC_HOME/data/h2" ]]; then
      log "keycloak: deploy/keycloak/realm.json changed since the last import; importing it afresh"
      keycloak_down
      rm -rf "$KC_HOME/data/h2"
    fi
  fi
  keycloak_pid >/dev/null && return 0
  require_free_port keycloak "$KEYCLOAK_PORT"
  log "keycloak: starting on $KC_URL (first start imports realm $KEYCLOAK_REALM, about 20 s or more)"
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$EDITGOV_KEYCLOAK_ADMIN_PASSWORD" \
    JAVA_OPTS_KC_HEAP="$KC_HEAP" JAVA_OPTS_APPEND="$KC_JAVA_APPEND" \
    setsid "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
    --import-realm </dev/null >>"$KC_LOG" 2>&1 9>&- &
  # kc.sh execs java, so this is the server's own PID.
  record_pid keycloak "$!"
}

keycloak_wait() {
  wait_until keycloak "$KC_LOG" "$(cat "$RUN_DIR/keycloak.pid" 2>/dev/null || true)" realm_ready
  realm_hash >"$KC_IMPORTED_MARK"
}

keycloak_down() {
  local pid
  pid="$(keycloak_pid)" || { forget_pid keycloak; return 0; }
  log "keycloak: stopping (pid $pid)"
  stop_pid keycloak "$pid"
}

keycloak_status() {
  local pid
  if pid="$(keycloak_pid)"; then
    printf '%-9s running  pid %-7s %s/realms/%s (admin console %s/admin, user admin, password in %s)\n' \
      keycloak "$pid" "$KC_URL" "$KEYCLOAK_REALM" "$KC_URL" "$SECRETS_FILE"
  else
    printf '%-9s stopped\n' keycloak
  fi
}

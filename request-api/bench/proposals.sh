#!/usr/bin/env bash
# Benchmark of POST /api/edits: starts the local servers and a request-api on loopback, sends
# 10,000 proposals (after 500 for warm-up, unmeasured) from 8 clients with alice's real token, and prints
# proposals/s and p50/p90/p99 latency.  Usage: request-api/bench/proposals.sh [count] [clients]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-10000}
clients=${2:-8}
port=${BENCH_PORT:-18081}

"$root/deploy/local/up" >/dev/null
cd "$root"
mvn -q -B -o -pl request-api -am install -DskipTests
mvn -q -B -o -pl request-api test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/request-api/target/bench.classpath"

set -a
# shellcheck disable=SC1091
. "$root/.local/secrets.env"
set +a
mkdir -p "$root/.local/logs"
QUARKUS_HTTP_PORT=$port java -jar request-api/target/quarkus-app/quarkus-run.jar \
    >"$root/.local/logs/request-api-bench.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then break; fi
    if ! kill -0 $app 2>/dev/null; then echo "request-api did not start; see .local/logs/request-api-bench.log" >&2; exit 1; fi
    sleep 1
done

java -cp "request-api/target/test-classes:$(cat request-api/target/bench.classpath)" \
    -Deditgov.root="$root" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    org.editgov.requestapi.bench.ProposalBenchmark "http://127.0.0.1:$port" "$count" "$clients"

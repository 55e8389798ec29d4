#!/usr/bin/env bash
# Seconds per batch through the whole worker path (the packaged worker: batch.requested published
# to batch.completed seen) against the engine alone (bin/memit edit, wall time of its process) on
# the same inputs: the first N CounterFact records on models/embedded-gpt2, BENCH_SAMPLES corpus
# documents (default 5000) for the covariance, one cache for both (an unmeasured 1-edit batch fills it).
# The worker gets BENCH_THREADS (default 2) intra-op threads, as many as bin/memit uses on 2 cores.
# Usage: editor-worker/bench/batch-seconds.sh [sizes...]   (default: 10 100)
# Prints one row per size: worker s, the worker's own report (worker_seconds), engine alone s, ratio.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sizes=("$@")
if [[ $# -eq 0 ]]; then sizes=(10 100); fi

"$root/deploy/local/up" >/dev/null
cd "$root"
if [[ ! -f memit/target/memit.jar ]]; then
    mvn -q -B -o -pl memit install -DskipTests
fi
mvn -q -B -o -pl editor-worker package -DskipTests
mvn -q -B -o -pl editor-worker dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/editor-worker/target/bench.classpath"

export OPT_OUT_TRACKING=true
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
java -cp "editor-worker/target/test-classes:$(cat editor-worker/target/bench.classpath)" \
    -Deditgov.root="$root" -Dai.djl.offline=true -Dai.djl.default_engine=PyTorch \
    -Deditgov.worker.jar="$root/editor-worker/target/quarkus-app/quarkus-run.jar" \
    -Dbench.samples="${BENCH_SAMPLES:-5000}" -Deditgov.worker.threads="${BENCH_THREADS:-2}" \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    org.editgov.worker.bench.BatchBenchmark "${sizes[@]}"

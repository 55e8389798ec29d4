package org.editgov.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.editgov.contracts.Actor;
import org.editgov.contracts.BatchCompleted;
import org.editgov.contracts.BatchEdit;
import org.editgov.contracts.BatchFailed;
import org.editgov.contracts.BatchRequested;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.Gates;
import org.editgov.contracts.Topics;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.edit.requests.RequestFile;
import org.editgov.testsupport.Servers;
import org.editgov.worker.support.EventTap;
import org.editgov.worker.support.WorkerProcess;

/**
 * Seconds per batch through the whole worker path (batch.requested published to batch.completed
 * seen, on the packaged worker) against the engine alone ({@code bin/memit edit}, a process of its
 * own, wall time) on the same inputs: the first N CounterFact records on models/embedded-gpt2, the
 * same corpus samples and one covariance cache (computed by an unmeasured warm-up batch).
 * Arguments: the batch sizes. Run by editor-worker/bench/batch-seconds.sh.
 */
public final class BatchBenchmark {

    private static final Duration BATCH_TIMEOUT = Duration.ofHours(1);

    private BatchBenchmark() {
    }

    public static void main(String... args) throws Exception {
        Path root = Path.of(System.getProperty("editgov.root", "..")).toAbsolutePath().normalize();
        Path model = root.resolve("models/embedded-gpt2");
        Path catalogue = root.resolve("../shared/data/counterfact/counterfact-edit.json").normalize();
        int samples = Integer.getInteger("bench.samples", 5000);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path base = root.resolve("editor-worker/target/bench").resolve(run);
        Path models = Files.createDirectories(base.resolve("models"));
        // The covariance cache outlives runs: statistics are computed once per model, as in production.
        Path artifacts = root.resolve("editor-worker/target/bench/artifacts");

        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg));
        }
        List<String> ids = new ArrayList<>(List.of("bench-" + run + "-warmup"));
        sizes.forEach(n -> ids.add("bench-" + run + "-n" + n));
        for (String id : ids) {
            Files.createSymbolicLink(models.resolve(id), model);
        }

        Servers servers = Servers.shared();
        Map<String, String> config = new HashMap<>();
        config.put("editgov.root", root.toString());
        config.put("kafka.bootstrap.servers", servers.kafka().bootstrapServers());
        config.put("quarkus.oidc.auth-server-url", servers.keycloak().issuer());
        config.put("quarkus.oidc.credentials.secret", servers.keycloak().clientSecret("editor-worker"));
        config.put("editgov.worker.models-root", models.toString());
        config.put("editgov.worker.artifacts.root", artifacts.toString());
        config.put("editgov.worker.counterfact", catalogue.toString());
        config.put("editgov.worker.consumer.group", "editor-worker-bench-" + run);
        config.put("editgov.worker.only-models", String.join(",", ids));
        List<EditRequest> records = RequestFile.read(catalogue);
        EventCodec codec = new EventCodec();
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());

        try (WorkerProcess process = WorkerProcess.start("bench-worker", config, base.resolve("logs"));
             KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            process.awaitUp(Duration.ofMinutes(3));
            // Unmeasured: the statistics, the JVM's and libtorch's first use.
            throughWorker(servers, codec, producer, ids.get(0), records.subList(0, 1), samples);
            System.out.printf("%-6s %12s %14s %16s %8s  %s%n", "edits", "worker s", "(in-worker s)", "engine alone s",
                    "ratio", "delta equal");
            for (int i = 0; i < sizes.size(); i++) {
                int n = sizes.get(i);
                List<EditRequest> batch = records.subList(0, n);
                WorkerRun worker = throughWorker(servers, codec, producer, ids.get(i + 1), batch, samples);
                BatchCompleted completed = worker.completed();
                double workerSeconds = worker.seconds();
                EngineRun engine = engineAlone(root, model, catalogue, artifacts.resolve("stats"), base.resolve("engine-" + n), n,
                        samples);
                System.out.printf("%-6d %12.1f %14.1f %16.1f %8.2f  %s%n", n, workerSeconds,
                        completed.report().path("worker_seconds").asDouble(), engine.seconds(), workerSeconds / engine.seconds(),
                        engine.deltaSha256().equals(completed.delta().sha256()) ? "yes" : "no");
            }
        }
    }

    private record WorkerRun(double seconds, BatchCompleted completed) {
    }

    /** Publishes the batch and waits for its batch.completed; wall time from publishing to seeing it. */
    private static WorkerRun throughWorker(Servers servers, EventCodec codec, KafkaProducer<String, String> producer,
            String modelId, List<EditRequest> records, int samples) throws Exception {
        List<BatchEdit> edits = new ArrayList<>();
        for (EditRequest record : records) {
            edits.add(new BatchEdit(UUID.randomUUID().toString(), record.subject(), record.prompt(), record.targetNew(),
                    record.targetTrue(), "CounterFact case " + record.id(), List.of(), "alice", "bob"));
        }
        EventEnvelope<BatchRequested> batch = EventEnvelope.create(Actor.service("request-api"), new BatchRequested(
                UUID.randomUUID().toString(), modelId, 0, "MEMIT", Map.of("samples", samples), new Gates(0, 0, 0, 1), edits));
        try (EventTap tap = new EventTap(servers.kafka().bootstrapServers(), codec, modelId,
                List.of(Topics.BATCH_COMPLETED, Topics.BATCH_FAILED))) {
            long start = System.nanoTime();
            producer.send(new ProducerRecord<>(batch.type(), batch.key(), codec.write(batch))).get();
            EventEnvelope<?> result = tap.await(e -> e.payload() instanceof BatchCompleted c && c.batchId().equals(batch.payload().batchId())
                    || e.payload() instanceof BatchFailed f && f.batchId().equals(batch.payload().batchId()), BATCH_TIMEOUT);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (result.payload() instanceof BatchFailed failed) {
                throw new IllegalStateException("batch of " + records.size() + " failed: " + failed.reason());
            }
            return new WorkerRun(seconds, (BatchCompleted) result.payload());
        }
    }

    private record EngineRun(double seconds, String deltaSha256) {
    }

    /** bin/memit edit on the first n records with the same samples and covariance cache; wall time of the whole process. */
    private static EngineRun engineAlone(Path root, Path model, Path catalogue, Path stats, Path out, int n, int samples)
            throws Exception {
        Files.createDirectories(out);
        Path report = out.resolve("report.json");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/memit").toString(), "edit", "--model=" + model,
                "--requests=" + catalogue, "--limit=" + n, "--samples=" + samples, "--stats=" + stats,
                "--out=" + out.resolve("model"), "--report=" + report).redirectErrorStream(true)
                .redirectOutput(out.resolve("memit.log").toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(1, TimeUnit.HOURS) || process.exitValue() != 0) {
            throw new IllegalStateException("bin/memit edit failed; see " + out.resolve("memit.log"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        return new EngineRun(seconds, json.path("delta_sha256").asText());
    }
}

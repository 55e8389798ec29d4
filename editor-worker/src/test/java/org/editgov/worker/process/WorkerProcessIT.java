package org.editgov.worker.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.editgov.contracts.Actor;
import org.editgov.contracts.BatchCompleted;
import org.editgov.contracts.BatchEdit;
import org.editgov.contracts.BatchRequested;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.Gates;
import org.editgov.contracts.ModelVersionCommitted;
import org.editgov.contracts.Topics;
import org.editgov.testsupport.Servers;
import org.editgov.worker.artifacts.FileSystemArtifactStore;
import org.editgov.worker.artifacts.VersionIndex;
import org.editgov.worker.support.EventTap;
import org.editgov.worker.support.TinyModel;
import org.editgov.worker.support.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged worker as separate processes on the real Kafka and Keycloak: one killed with
 * SIGKILL in the middle of a batch and restarted, then two instances of one consumer group working
 * on two models' batches at the same time. The run's model ids, consumer group and store are its
 * own, so other tests and a running platform are not disturbed (each worker serves only this run's ids).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerProcessIT {

    static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    static final Duration BATCH_TIMEOUT = Duration.ofMinutes(4);
    static final Gates OPEN_GATES = new Gates(0, 0, 0, 1);
    static final List<String> RESULT_TOPICS = List.of(Topics.BATCH_COMPLETED, Topics.BATCH_FAILED, Topics.MODEL_VERSION_COMMITTED);
    /** Corpus documents for the statistics: enough that a batch's statistics phase lasts seconds, so a kill lands in it. */
    static final int SAMPLES = 10_000;
    /** Candidate model ids for the parallel test; two are picked whose partitions two different workers own. */
    static final int CANDIDATES = 12;

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String KILLED = "kill-" + RUN;
    static final String REFERENCE = "kill-" + RUN + "-ref";

    static Path base;
    static Path corpus;
    static Path catalogue;
    static Servers servers;
    static EventCodec codec = new EventCodec();
    static KafkaProducer<String, String> producer;
    static String bearer;
    static String group = "editor-worker-it-" + RUN;
    static List<WorkerProcess> workers = new ArrayList<>();

    @BeforeAll
    static void world() throws Exception {
        servers = Servers.shared();
        base = Path.of("target", "worker-process-it", RUN).toAbsolutePath();
        Files.createDirectories(base.resolve("models"));
        Files.createDirectories(base.resolve("data"));
        // Two folders with the same weights: the killed batch and its uninterrupted reference.
        TinyModel.writeModel(base.resolve("models").resolve(KILLED), 21);
        TinyModel.writeModel(base.resolve("models").resolve(REFERENCE), 21);
        catalogue = base.resolve("data/counterfact.json");
        TinyModel.writeCatalogue(catalogue);
        corpus = base.resolve("data/corpus.txt");
        List<String> lines = new ArrayList<>();
        while (lines.size() < SAMPLES) {
            lines.addAll(TinyModel.sentences());
        }
        Files.write(corpus, lines, StandardCharsets.UTF_8);

        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(properties);
        bearer = servers.keycloak().tokenFor("alice").bearer();
    }

    @AfterAll
    static void stop() throws Exception {
        for (WorkerProcess worker : workers) {
            worker.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    static List<String> candidates() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CANDIDATES; i++) {
            ids.add("par-" + RUN + "-" + i);
        }
        return ids;
    }

    static WorkerProcess startWorker(String name) throws Exception {
        return launchWorker(name).awaitUp(START_TIMEOUT);
    }

    /** Starts a worker of the run's group without waiting for it. */
    static WorkerProcess launchWorker(String name) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("editgov.root", Path.of(System.getProperty("editgov.root", "..")).toAbsolutePath().normalize().toString());
        config.put("kafka.bootstrap.servers", servers.kafka().bootstrapServers());
        config.put("quarkus.oidc.auth-server-url", servers.keycloak().issuer());
        config.put("quarkus.oidc.credentials.secret", servers.keycloak().clientSecret("editor-worker"));
        config.put("editgov.worker.models-root", base.resolve("models").toString());
        config.put("editgov.worker.artifacts.root", base.resolve("artifacts").toString());
        config.put("editgov.worker.counterfact", catalogue.toString());
        config.put("editgov.worker.regression.size", "4");
        config.put("editgov.worker.consumer.group", group);
        // The broker's smallest: the killed worker's partitions move on after 6 s, not Kafka's 45.
        config.put("editgov.worker.consumer.session-timeout", "PT6S");
        List<String> served = new ArrayList<>(List.of(KILLED, REFERENCE));
        served.addAll(candidates());
        config.put("editgov.worker.only-models", String.join(",", served));
        WorkerProcess worker = WorkerProcess.start(name, config, base.resolve("logs"));
        workers.add(worker);
        return worker;
    }

    static EventEnvelope<BatchRequested> batch(String modelId, List<BatchEdit> edits) {
        Map<String, Object> settings = new HashMap<>(TinyModel.SETTINGS);
        settings.put("corpus", corpus.toString());
        settings.put("samples", SAMPLES);
        return EventEnvelope.create(Actor.service("request-api"), new BatchRequested(UUID.randomUUID().toString(), modelId, 0,
                "MEMIT", settings, OPEN_GATES, edits));
    }

    static List<BatchEdit> edits() {
        List<BatchEdit> edits = new ArrayList<>();
        for (TinyModel.Fact fact : TinyModel.FACTS.subList(0, 4)) {
            edits.add(new BatchEdit(UUID.randomUUID().toString(), fact.subject(), fact.prompt().replace(fact.subject(), "{}"),
                    fact.target(), fact.truth(), "test correction", List.of(), "alice", "bob"));
        }
        return edits;
    }

    static void publish(EventEnvelope<?> event) throws Exception {
        producer.send(new ProducerRecord<>(event.type(), event.key(), codec.write(event))).get();
    }

    static BatchCompleted awaitCompleted(EventTap tap, EventEnvelope<BatchRequested> batch) {
        return (BatchCompleted) tap.await(e -> e.payload() instanceof BatchCompleted c
                && c.batchId().equals(batch.payload().batchId()), BATCH_TIMEOUT).payload();
    }

    static Optional<VersionIndex> versions(String modelId) {
        return new FileSystemArtifactStore(base.resolve("artifacts")).versions(modelId);
    }

    @Test
    @Order(1)
    void aWorkerKilledMidBatchAndRestartedMakesExactlyOneVersionOneWithTheUninterruptedDelta() throws Exception {
        WorkerProcess first = startWorker("first");
        EventEnvelope<BatchRequested> batch = batch(KILLED, edits());
        String batchId = batch.payload().batchId();
        try (EventTap tap = new EventTap(servers.kafka().bootstrapServers(), codec, KILLED, RESULT_TOPICS)) {
            publish(batch);
            String phaseAtKill = awaitPhaseThenKill(first, batchId);
            assertThat(phaseAtKill).as("phase when killed").isIn("STATISTICS", "EVALUATING_BEFORE", "EDITING",
                    "EVALUATING_AFTER", "STORING");
            assertThat(versions(KILLED).map(VersionIndex::latest).orElse(0)).as("versions after the kill").isZero();

            // Restarted together with a second member of the group: the batch goes to whichever owns its partition.
            WorkerProcess restarted = launchWorker("restarted");
            launchWorker("second").awaitUp(START_TIMEOUT);
            restarted.awaitUp(START_TIMEOUT);
            BatchCompleted completed = awaitCompleted(tap, batch);
            assertThat(completed.newVersion()).isEqualTo(1);
            assertThat(restarted.isAlive()).isTrue();

            // The uninterrupted run: the same edits, settings and weights under another id, never killed.
            EventEnvelope<BatchRequested> reference = batch(REFERENCE, batch.payload().edits());
            try (EventTap referenceTap = new EventTap(servers.kafka().bootstrapServers(), codec, REFERENCE, RESULT_TOPICS)) {
                publish(reference);
                BatchCompleted uninterrupted = awaitCompleted(referenceTap, reference);
                assertThat(completed.delta().sha256()).isEqualTo(uninterrupted.delta().sha256());
                assertThat(completed.artifact().sha256()).isEqualTo(uninterrupted.artifact().sha256());
            }

            List<ModelVersionCommitted> commits = tap.seen().stream().filter(e -> e.payload() instanceof ModelVersionCommitted)
                    .map(e -> (ModelVersionCommitted) e.payload()).toList();
            assertThat(commits).hasSize(1);
            assertThat(commits.get(0).version()).isEqualTo(1);
            assertThat(commits.get(0).batchId()).isEqualTo(batchId);
            VersionIndex index = versions(KILLED).orElseThrow();
            assertThat(index.latest()).isEqualTo(1);
            assertThat(index.current()).isEqualTo(1);
            assertThat(index.version(1).orElseThrow().batchId()).isEqualTo(batchId);
            assertThat(index.version(1).orElseThrow().deltaSha256()).isEqualTo(completed.delta().sha256());
            // One delta, the committed one (the reference's is the same content, so the same file).
            try (var deltas = Files.list(base.resolve("artifacts/deltas"))) {
                assertThat(deltas.map(p -> p.getFileName().toString()).toList())
                        .containsExactly(completed.delta().sha256() + ".safetensors");
            }
        }
    }

    /** Polls the worker's progress until the batch is under way, then kills it; returns the phase it was in. */
    static String awaitPhaseThenKill(WorkerProcess worker, String batchId) throws Exception {
        Instant deadline = Instant.now().plus(BATCH_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> phase = worker.phase(batchId, bearer);
            if (phase.isPresent() && !Set.of("QUEUED", "LOADING").contains(phase.get())) {
                worker.kill();
                return phase.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("batch " + batchId + " never got under way; see " + worker.log());
    }

    @Test
    @Order(2)
    void twoWorkersOfOneGroupEditTwoModelsAtTheSameTime() throws Exception {
        List<WorkerProcess> live = workers.stream().filter(WorkerProcess::isAlive).toList();
        if (live.size() < 2) {
            startWorker("parallel-" + live.size());
            live = workers.stream().filter(WorkerProcess::isAlive).toList();
        }
        WorkerProcess one = live.get(0);
        WorkerProcess two = live.get(1);
        List<String> models = modelsOwnedBy(one, two);
        // Different weights, so each batch computes its own statistics (the store would share equal ones).
        TinyModel.writeModel(base.resolve("models").resolve(models.get(0)), 31);
        TinyModel.writeModel(base.resolve("models").resolve(models.get(1)), 32);

        EventEnvelope<BatchRequested> first = batch(models.get(0), edits());
        EventEnvelope<BatchRequested> second = batch(models.get(1), edits());
        try (EventTap firstTap = new EventTap(servers.kafka().bootstrapServers(), codec, models.get(0), RESULT_TOPICS);
             EventTap secondTap = new EventTap(servers.kafka().bootstrapServers(), codec, models.get(1), RESULT_TOPICS)) {
            publish(first);
            publish(second);
            boolean together = false;
            Instant deadline = Instant.now().plus(BATCH_TIMEOUT);
            while (!together && Instant.now().isBefore(deadline)) {
                Optional<String> onOne = one.phase(first.payload().batchId(), bearer);
                Optional<String> onTwo = two.phase(second.payload().batchId(), bearer);
                together = onOne.filter(WorkerProcessIT::underWay).isPresent() && onTwo.filter(WorkerProcessIT::underWay).isPresent();
                if (onOne.filter(p -> !underWay(p)).isPresent() && onTwo.filter(p -> !underWay(p)).isPresent()) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(together).as("both batches under way at one moment, each on its own worker").isTrue();
            assertThat(awaitCompleted(firstTap, first).newVersion()).isEqualTo(1);
            assertThat(awaitCompleted(secondTap, second).newVersion()).isEqualTo(1);
            // Each batch ran on the worker that owns its partition, and only there.
            assertThat(two.phase(first.payload().batchId(), bearer)).isEmpty();
            assertThat(one.phase(second.payload().batchId(), bearer)).isEmpty();
            assertThat(one.phase(first.payload().batchId(), bearer)).contains("COMMITTED");
            assertThat(two.phase(second.payload().batchId(), bearer)).contains("COMMITTED");
        }
    }

    static boolean underWay(String phase) {
        return !Set.of("QUEUED", "COMMITTED", "FAILED").contains(phase);
    }

    /**
     * Two candidate model ids whose batch.requested partitions (the producer's hash of the key)
     * belong to {@code one} and {@code two} respectively, as the group has assigned them now.
     */
    static List<String> modelsOwnedBy(WorkerProcess one, WorkerProcess two) throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            int partitions = admin.describeTopics(List.of(Topics.BATCH_REQUESTED)).allTopicNames().get()
                    .get(Topics.BATCH_REQUESTED).partitions().size();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (Instant.now().isBefore(deadline)) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                Set<TopicPartition> ofOne = assigned(description, one.clientId());
                Set<TopicPartition> ofTwo = assigned(description, two.clientId());
                Optional<String> forOne = candidates().stream().filter(id -> ofOne.contains(partitionOf(id, partitions))).findFirst();
                Optional<String> forTwo = candidates().stream().filter(id -> ofTwo.contains(partitionOf(id, partitions))).findFirst();
                if (description.members().size() == 2 && forOne.isPresent() && forTwo.isPresent()) {
                    return List.of(forOne.get(), forTwo.get());
                }
                Thread.sleep(500);
            }
            throw new AssertionError("group " + group + " did not settle on two members each owning a candidate's partition");
        }
    }

    static Set<TopicPartition> assigned(ConsumerGroupDescription description, String clientId) {
        return description.members().stream().filter(m -> m.clientId().equals(clientId)).findFirst()
                .map(MemberDescription::assignment).map(a -> a.topicPartitions()).orElse(Set.of());
    }

    /** The partition the default partitioner gives a keyed record: murmur2 of the key, modulo the partitions. */
    static TopicPartition partitionOf(String key, int partitions) {
        return new TopicPartition(Topics.BATCH_REQUESTED, Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions);
    }
}

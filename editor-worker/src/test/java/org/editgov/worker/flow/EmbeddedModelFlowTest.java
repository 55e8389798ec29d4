package org.editgov.worker.flow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.editgov.contracts.Actor;
import org.editgov.contracts.BatchCompleted;
import org.editgov.contracts.BatchEdit;
import org.editgov.contracts.BatchRequested;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.Gates;
import org.editgov.contracts.ModelRollbackRequested;
import org.editgov.contracts.ModelVersionCommitted;
import org.editgov.contracts.Topics;
import org.editgov.memit.edit.Corpus;
import org.editgov.memit.edit.EditSettings;
import org.editgov.memit.edit.MediationTrace;
import org.editgov.memit.edit.Method;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.edit.requests.RequestFile;
import org.editgov.memit.eval.EditRun;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.world.WorldCorpus;
import org.editgov.testsupport.RealServersTestResource;
import org.editgov.testsupport.Servers;
import org.editgov.worker.support.EventTap;
import org.editgov.worker.support.WorkerTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * 50 approved CounterFact edits on the embedded model through the worker: version 1 with the delta
 * of a direct engine run, the edited facts answered with their new objects, a rollback answering
 * as before. Runs wherever models/embedded-gpt2 and its trace exist (about 2 minutes on two cores,
 * mostly the covariance statistics); -Deditgov.test.embedded=false leaves it out.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = @ResourceArg(name = "client", value = "editor-worker"))
@QuarkusTestResource(value = WorkerTestResource.class, initArgs = @ResourceArg(name = "model", value = "embedded"), restrictToAnnotatedClass = true)
@EnabledIf("org.editgov.worker.flow.EmbeddedModelFlowTest#modelIsThere")
class EmbeddedModelFlowTest {

    static final int EDITS = 50;
    /** Corpus documents for the statistics: enough for a well-conditioned C at width 4 x 128, cheap on two cores. */
    static final int SAMPLES = 5000;

    static EventCodec codec = new EventCodec();
    static KafkaProducer<String, String> producer;
    static EventTap tap;
    static String bearer;

    static boolean modelIsThere() {
        return Boolean.parseBoolean(System.getProperty("editgov.test.embedded", "true"))
                && Files.isRegularFile(WorkerTestResource.embeddedModel().resolve("model.safetensors"))
                && Files.isRegularFile(WorkerTestResource.embeddedModel().resolve(MediationTrace.FILE_NAME));
    }

    @BeforeAll
    static void connect() {
        Servers servers = Servers.shared();
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(properties);
        tap = new EventTap(servers.kafka().bootstrapServers(), codec, run().modelId(),
                List.of(Topics.BATCH_COMPLETED, Topics.BATCH_FAILED, Topics.MODEL_VERSION_COMMITTED));
        bearer = servers.keycloak().tokenFor("bob").bearer();
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        tap.close();
    }

    static WorkerTestResource.Run run() {
        return WorkerTestResource.current();
    }

    static List<EditRequest> records() {
        return RequestFile.read(run().catalogue()).subList(0, EDITS);
    }

    static List<String> answers(List<EditRequest> records) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("prompts", records.stream().map(EditRequest::filledPrompt).toList(), "maxTokens", 1))
                .when().post("/api/models/{id}/answer", run().modelId())
                .then().statusCode(200).extract().jsonPath().getList("answers.completion", String.class);
    }

    static long saying(List<String> answers, List<EditRequest> records, boolean newObject) {
        long count = 0;
        for (int i = 0; i < records.size(); i++) {
            String object = newObject ? records.get(i).targetNew() : records.get(i).targetTrue();
            // One token is generated: the object's first word.
            count += answers.get(i).equals(object.split(" ")[0]) ? 1 : 0;
        }
        return count;
    }

    @Test
    void fiftyApprovedEditsBecomeVersionOneAndAreAnsweredWithTheirNewObjects() throws Exception {
        List<EditRequest> records = records();
        List<String> original = answers(records);
        List<BatchEdit> edits = new ArrayList<>();
        for (EditRequest record : records) {
            edits.add(new BatchEdit(UUID.randomUUID().toString(), record.subject(), record.prompt(), record.targetNew(),
                    record.targetTrue(), "CounterFact case " + record.id(), List.of(), "alice", "bob"));
        }
        EventEnvelope<BatchRequested> batch = EventEnvelope.create(Actor.service("request-api"), new BatchRequested(
                UUID.randomUUID().toString(), run().modelId(), 0, "MEMIT", Map.of("samples", SAMPLES), new Gates(0, 0, 0, 1), edits));
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(batch.type(), batch.key(), codec.write(batch))).get();

        BatchCompleted completed = (BatchCompleted) tap.await(e -> e.payload() instanceof BatchCompleted c
                && c.batchId().equals(batch.payload().batchId()), Duration.ofMinutes(8)).payload();
        double throughWorker = (System.nanoTime() - start) / 1e9;
        assertThat(completed.newVersion()).isEqualTo(1);

        long engineStart = System.nanoTime();
        String direct = directEngineDelta(edits, records);
        double engineAlone = (System.nanoTime() - engineStart) / 1e9;
        System.out.printf("TIMING %d edits on embedded-gpt2: %.1f s publish-to-batch.completed (report worker_seconds %s), "
                + "%.1f s engine alone (EditRun, statistics cached)%n", EDITS, throughWorker,
                completed.report().path("worker_seconds").asText(), engineAlone);
        assertThat(completed.delta().sha256()).isEqualTo(direct);

        List<String> edited = answers(records);
        long before = saying(original, records, true);
        long after = saying(edited, records, true);
        System.out.printf("ANSWERS new object before %d/%d, after %d/%d; true object before %d/%d%n", before, EDITS, after, EDITS,
                saying(original, records, false), EDITS);
        // Greedy top-1 answers, stricter than the engine's efficacy (new object more likely than the
        // true one): 39 and, with the context templates free of [UNK], 43 of 50 measured on 2026-11-25.
        assertThat(after).as("edits answered with the new object").isGreaterThanOrEqualTo(EDITS * 7 / 10).isGreaterThan(before);

        EventEnvelope<ModelRollbackRequested> rollback = EventEnvelope.create(Actor.user("olga"),
                new ModelRollbackRequested(run().modelId(), 1, 0, "undo the test batch", "olga"));
        producer.send(new ProducerRecord<>(rollback.type(), rollback.key(), codec.write(rollback))).get();
        ModelVersionCommitted restored = (ModelVersionCommitted) tap.await(e -> e.payload() instanceof ModelVersionCommitted c
                && c.rollback() != null && c.rollback().requestEventId().equals(rollback.eventId()), Duration.ofMinutes(1)).payload();
        assertThat(restored.version()).isEqualTo(2);
        assertThat(answers(records)).isEqualTo(original);
    }

    /** What the engine alone makes of the same requests (with their CounterFact prompts), settings and seed. */
    static String directEngineDelta(List<BatchEdit> edits, List<EditRequest> records) throws Exception {
        Path folder = run().modelFolder();
        MediationTrace trace = MediationTrace.read(folder.resolve(MediationTrace.FILE_NAME));
        EditSettings settings = EditSettings.defaults(Method.MEMIT, trace.layers(), trace.position());
        List<EditRequest> requests = new ArrayList<>();
        for (int i = 0; i < edits.size(); i++) {
            EditRequest record = records.get(i);
            requests.add(new EditRequest(edits.get(i).editId(), record.subject(), record.prompt(), record.targetNew(),
                    record.targetTrue(), record.paraphrases(), record.neighbours()));
        }
        Corpus corpus = Corpus.of("world training text", WorldCorpus.trainingText(folder, run().catalogue(), 0));
        Path work = Files.createTempDirectory("direct-engine");
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel loaded = ModelDirectory.load(folder, manager)) {
            EditRun.Result result = new EditRun(run().artifacts().resolve("stats"), corpus, SAMPLES, 0,
                    new PrintStream(OutputStream.nullOutputStream()))
                    .run(loaded.model(), loaded.tokenizer(), requests, settings, work.resolve("delta.safetensors"));
            result.editor().close();
            return result.report().deltaSha256();
        }
    }
}

package org.editgov.worker.flow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.editgov.contracts.Actor;
import org.editgov.contracts.ArtifactRef;
import org.editgov.contracts.BatchCompleted;
import org.editgov.contracts.BatchEdit;
import org.editgov.contracts.BatchFailed;
import org.editgov.contracts.BatchRequested;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.Gates;
import org.editgov.contracts.ModelRollbackRequested;
import org.editgov.contracts.ModelVersionCommitted;
import org.editgov.contracts.Topics;
import org.editgov.memit.edit.Corpus;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.edit.requests.RequestFile;
import org.editgov.memit.eval.EditRun;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.testsupport.RealServersTestResource;
import org.editgov.testsupport.Servers;
import org.editgov.worker.artifacts.ArtifactStore;
import org.editgov.worker.support.EventTap;
import org.editgov.worker.support.TinyModel;
import org.editgov.worker.support.WorkerTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole path on the real Kafka and Keycloak: batch.requested in, the engine's edit, the gates,
 * the stored version and the result events out; redelivery, a failing gate and a rollback.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = @ResourceArg(name = "client", value = "editor-worker"))
@QuarkusTestResource(value = WorkerTestResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchFlowTest {

    static final Duration BATCH_TIMEOUT = Duration.ofMinutes(3);
    static final List<String> RESULT_TOPICS = List.of(Topics.BATCH_COMPLETED, Topics.BATCH_FAILED, Topics.MODEL_VERSION_COMMITTED);
    static final Gates OPEN_GATES = new Gates(0, 0, 0, 1);

    static EventCodec codec = new EventCodec();
    static KafkaProducer<String, String> producer;
    static EventTap tap;
    static String bearer;
    static List<String> originalAnswers;
    static EventEnvelope<BatchRequested> firstBatch;
    static BatchCompleted firstResult;

    @Inject
    ArtifactStore store;

    @BeforeAll
    static void connect() {
        Servers servers = Servers.shared();
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(properties);
        tap = new EventTap(servers.kafka().bootstrapServers(), codec, run().modelId(), RESULT_TOPICS);
        bearer = servers.keycloak().tokenFor("alice").bearer();
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        tap.close();
    }

    static WorkerTestResource.Run run() {
        return WorkerTestResource.current();
    }

    static List<String> prompts() {
        return TinyModel.FACTS.subList(0, 4).stream().map(TinyModel.Fact::prompt).toList();
    }

    static List<String> newObjects() {
        return TinyModel.FACTS.subList(0, 4).stream().map(TinyModel.Fact::target).toList();
    }

    static List<BatchEdit> edits(int from, int to) {
        List<BatchEdit> edits = new ArrayList<>();
        for (TinyModel.Fact fact : TinyModel.FACTS.subList(from, to)) {
            edits.add(new BatchEdit(UUID.randomUUID().toString(), fact.subject(), fact.prompt().replace(fact.subject(), "{}"),
                    fact.target(), fact.truth(), "test correction", List.of(), "alice", "bob"));
        }
        return edits;
    }

    static EventEnvelope<BatchRequested> batch(int baseVersion, Gates gates, List<BatchEdit> edits) {
        Map<String, Object> settings = new HashMap<>(TinyModel.SETTINGS);
        settings.put("corpus", run().corpus().toString());
        return EventEnvelope.create(Actor.service("request-api"), new BatchRequested(UUID.randomUUID().toString(),
                run().modelId(), baseVersion, "MEMIT", settings, gates, edits));
    }

    static void publish(EventEnvelope<?> event) throws Exception {
        producer.send(new ProducerRecord<>(event.type(), event.key(), codec.write(event))).get();
    }

    static List<String> answers() {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("prompts", prompts(), "maxTokens", 1))
                .when().post("/api/models/{id}/answer", run().modelId())
                .then().statusCode(200).extract().jsonPath().getList("answers.completion", String.class);
    }

    @Test
    @Order(1)
    void answersNeedAToken() {
        given().contentType(ContentType.JSON).body(Map.of("prompts", prompts()))
                .when().post("/api/models/{id}/answer", run().modelId())
                .then().statusCode(401);
        originalAnswers = answers();
        assertThat(originalAnswers).hasSize(4).isNotEqualTo(newObjects());
    }

    @Test
    @Order(1)
    void badAnswerRequestsAreRefusedWithAProblemThatSaysWhy() {
        answerProblem(Map.of("prompts", List.of()), run().modelId(), 400, "prompts must be 1 to 64 non-blank strings");
        answerProblem(Map.of("prompts", prompts(), "maxTokens", 33), run().modelId(), 400, "maxTokens must be 1 to 32");
        String longPrompt = String.join(" ", Collections.nCopies(200, "the"));
        answerProblem(Map.of("prompts", List.of(longPrompt)), run().modelId(), 400, "exceed the model's context");
        answerProblem(Map.of("prompts", prompts()), "no-such-model", 404, "model no-such-model is unknown");
        given().header("Authorization", bearer).contentType(ContentType.JSON).body("{\"prompts\": ")
                .when().post("/api/models/{id}/answer", run().modelId())
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("not valid JSON"));
    }

    private static void answerProblem(Object body, String modelId, int status, String detail) {
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .when().post("/api/models/{id}/answer", modelId)
                .then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("detail", containsString(detail));
    }

    @Test
    @Order(2)
    void approvedEditsBecomeVersionOneWithTheDeltaOfADirectEngineRun() throws Exception {
        firstBatch = batch(0, OPEN_GATES, edits(0, 4));
        publish(firstBatch);

        EventEnvelope<?> completed = tap.await(e -> e.payload() instanceof BatchCompleted c
                && c.batchId().equals(firstBatch.payload().batchId()), BATCH_TIMEOUT);
        firstResult = (BatchCompleted) completed.payload();
        ModelVersionCommitted committed = (ModelVersionCommitted) tap.await(e -> e.payload() instanceof ModelVersionCommitted c
                && firstBatch.payload().batchId().equals(c.batchId()), Duration.ofSeconds(10)).payload();

        assertThat(firstResult.baseVersion()).isZero();
        assertThat(firstResult.newVersion()).isEqualTo(1);
        assertThat(committed.version()).isEqualTo(1);
        assertThat(committed.parentVersion()).isZero();
        assertThat(committed.delta()).isEqualTo(firstResult.delta());
        assertThat(firstResult.appliedEditIds()).containsExactlyElementsOf(
                firstBatch.payload().edits().stream().map(BatchEdit::editId).toList());
        assertThat(firstResult.report().path("passed").asBoolean()).isTrue();
        JsonNode rows = firstResult.report().path("edits").path("rows");
        assertThat(rows.size()).isEqualTo(4);
        // Per edit, before and after: their means are the report's unedited and edited aggregates.
        double esBefore = 0;
        double esAfter = 0;
        for (JsonNode row : rows) {
            assertThat(row.path("before").path("ES").isNumber()).as("ES before of %s", row.path("id")).isTrue();
            esBefore += row.path("before").path("ES").asDouble() / rows.size();
            esAfter += row.path("ES").asDouble() / rows.size();
        }
        assertThat(esBefore).isCloseTo(firstResult.report().path("edits").path("unedited").path("ES").asDouble(), within(0.01));
        assertThat(esAfter).isCloseTo(firstResult.report().path("edits").path("metrics").path("ES").asDouble(), within(0.01));
        assertThat(firstResult.report().path("regression").path("facts").asInt()).isPositive();
        assertThat(Files.size(store.deltaFile(firstResult.delta().sha256()))).isEqualTo(firstResult.delta().sizeBytes());

        assertThat(firstResult.delta().sha256()).isEqualTo(directEngineDelta(firstBatch.payload().edits()));
        assertThat(answers()).containsExactlyElementsOf(newObjects());
        given().header("Authorization", bearer).when().get("/api/batches/{id}/progress", firstBatch.payload().batchId())
                .then().statusCode(200).body("phase", equalTo("COMMITTED")).body("done", equalTo(7));
    }

    /** The delta of the same requests, settings and seed run through the engine alone (as bin/memit edit does). */
    String directEngineDelta(List<BatchEdit> edits) throws Exception {
        Map<String, EditRequest> catalogue = new HashMap<>();
        for (EditRequest record : RequestFile.read(run().catalogue())) {
            catalogue.put(record.subject(), record);
        }
        List<EditRequest> requests = edits.stream().map(edit -> {
            EditRequest record = catalogue.get(edit.subject());
            return new EditRequest(edit.editId(), edit.subject(), edit.prompt(), edit.targetNew(), edit.targetTrue(),
                    record.paraphrases(), record.neighbours());
        }).toList();
        Path folder = Files.createTempDirectory("direct-engine");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel loaded = ModelDirectory.load(run().modelFolder(), manager)) {
            EditRun.Result result = new EditRun(folder.resolve("stats"), Corpus.ofFile(run().corpus()), 1000, 0, quiet)
                    .run(loaded.model(), loaded.tokenizer(), requests, TinyModel.engineSettings(), folder.resolve("delta.safetensors"));
            result.editor().close();
            return result.report().deltaSha256();
        }
    }

    @Test
    @Order(3)
    void aRedeliveredBatchReEmitsItsResultAndMakesNoSecondVersion() throws Exception {
        publish(firstBatch);

        String batchId = firstBatch.payload().batchId();
        tap.await(e -> completions(batchId).size() == 2, BATCH_TIMEOUT);

        List<EventEnvelope<?>> both = completions(batchId);
        assertThat(both.get(1).eventId()).isEqualTo(both.get(0).eventId());
        assertThat(both.get(1).payload()).isEqualTo(both.get(0).payload());
        assertThat(store.versions(run().modelId()).orElseThrow().latest()).isEqualTo(1);
    }

    static List<EventEnvelope<?>> completions(String batchId) {
        return tap.seen().stream().filter(e -> e.payload() instanceof BatchCompleted c && c.batchId().equals(batchId)).toList();
    }

    @Test
    @Order(4)
    void aBatchBelowItsGatesFailsWithItsReportAndLeavesTheModelAlone() throws Exception {
        EventEnvelope<BatchRequested> strict = batch(1, new Gates(1, 1, 1, 0), edits(4, 8));
        publish(strict);

        // Kind and batch both: a worker of another group that does not know the test model (bin/platform's) answers ERROR.
        BatchFailed failed = (BatchFailed) tap.await(e -> e.payload() instanceof BatchFailed f
                && f.batchId().equals(strict.payload().batchId()) && f.kind() == BatchFailed.Kind.GATES_NOT_MET, BATCH_TIMEOUT).payload();
        assertThat(failed.baseVersion()).isEqualTo(1);
        assertThat(failed.reason()).startsWith("gates not met: ");
        assertThat(failed.report().path("passed").asBoolean()).isFalse();
        assertThat(failed.report().path("gates").path("checks").size()).isEqualTo(5);
        assertThat(store.versions(run().modelId()).orElseThrow().current()).isEqualTo(1);
        assertThat(tap.seen()).noneMatch(e -> e.payload() instanceof ModelVersionCommitted c && c.version() == 2);
        assertThat(answers()).containsExactlyElementsOf(newObjects());
    }

    @Test
    @Order(5)
    void rollingBackToVersionZeroCommitsANewVersionWithTheOriginalWeights() throws Exception {
        EventEnvelope<ModelRollbackRequested> rollback = EventEnvelope.create(Actor.user("olga"),
                new ModelRollbackRequested(run().modelId(), 1, 0, "test rollback", "olga"));
        publish(rollback);

        ModelVersionCommitted committed = (ModelVersionCommitted) tap.await(e -> e.payload() instanceof ModelVersionCommitted c
                && c.rollback() != null && c.rollback().requestEventId().equals(rollback.eventId()), BATCH_TIMEOUT).payload();
        assertThat(committed.version()).isEqualTo(2);
        assertThat(committed.parentVersion()).isEqualTo(1);
        assertThat(committed.delta()).isNull();
        assertThat(committed.artifact()).isEqualTo(new ArtifactRef(
                store.versions(run().modelId()).orElseThrow().version(0).orElseThrow().artifactSha256(),
                store.versions(run().modelId()).orElseThrow().version(0).orElseThrow().artifactLocation()));
        assertThat(answers()).containsExactlyElementsOf(originalAnswers);
    }

    @Test
    @Order(6)
    void aRequestThatCannotBeHandledIsReportedAndTheNextBatchStillRuns() throws Exception {
        String brokenId = WorkerTestResource.brokenModelId(run().modelId());
        Path brokenFolder = run().modelFolder().resolveSibling(brokenId);
        Files.createDirectories(brokenFolder);
        for (String file : List.of("config.json", "tokenizer.json")) {
            Files.copy(run().modelFolder().resolve(file), brokenFolder.resolve(file));
        }
        Files.writeString(brokenFolder.resolve("model.safetensors"), "not a safetensors file");
        try (EventTap brokenTap = new EventTap(Servers.shared().kafka().bootstrapServers(), codec, brokenId, RESULT_TOPICS)) {
            // The engine cannot load the weights.
            EventEnvelope<BatchRequested> unloadable = EventEnvelope.create(Actor.service("request-api"), new BatchRequested(
                    UUID.randomUUID().toString(), brokenId, 0, "MEMIT", TinyModel.SETTINGS, OPEN_GATES, edits(0, 2)));
            publish(unloadable);
            BatchFailed failed = (BatchFailed) brokenTap.await(e -> e.payload() instanceof BatchFailed f
                    && f.batchId().equals(unloadable.payload().batchId()), BATCH_TIMEOUT).payload();
            assertThat(failed.kind()).isEqualTo(BatchFailed.Kind.ERROR);
            assertThat(failed.reason()).contains("model.safetensors").doesNotContain("\n");
            assertThat(failed.report()).isNull();
        }

        // A rollback on a model whose version index is corrupt (it has no failure event: it must only not stop the worker).
        Path index = run().artifacts().resolve("versions").resolve(brokenId + ".json");
        assertThat(index).exists();
        Files.writeString(index, "{ truncated");
        publish(EventEnvelope.create(Actor.user("olga"), new ModelRollbackRequested(brokenId, 1, 0, "test rollback", "olga")));

        // A batch of the good model whose recorded outcome cannot be read: it fails, it does not stop the worker.
        EventEnvelope<BatchRequested> unreadable = batch(2, OPEN_GATES, edits(4, 6));
        Path outcome = run().artifacts().resolve("outcomes").resolve(run().modelId())
                .resolve("batch-" + unreadable.payload().batchId() + ".json");
        Files.writeString(outcome, "[{ truncated");
        publish(unreadable);
        BatchFailed unreadableFailed = (BatchFailed) tap.await(e -> e.payload() instanceof BatchFailed f
                && f.batchId().equals(unreadable.payload().batchId()), BATCH_TIMEOUT).payload();
        assertThat(unreadableFailed.kind()).isEqualTo(BatchFailed.Kind.ERROR);
        assertThat(unreadableFailed.reason()).contains("outcome");
        given().header("Authorization", bearer).when().get("/api/batches/{id}/progress", unreadable.payload().batchId())
                .then().statusCode(200).body("phase", equalTo("FAILED"));

        EventEnvelope<BatchRequested> good = batch(2, OPEN_GATES, edits(0, 4));
        publish(good);
        BatchCompleted completed = (BatchCompleted) tap.await(e -> e.payload() instanceof BatchCompleted c
                && c.batchId().equals(good.payload().batchId()), BATCH_TIMEOUT).payload();
        assertThat(completed.newVersion()).isEqualTo(3);
        assertThat(answers()).containsExactlyElementsOf(newObjects());
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}

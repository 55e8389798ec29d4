package org.editgov.requestapi.flow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.editgov.contracts.Topics;
import org.editgov.requestapi.support.EventTap;
import org.editgov.requestapi.support.Fixtures;
import org.editgov.requestapi.support.RealWorkers;
import org.editgov.requestapi.support.Users;
import org.editgov.requestapi.support.WorkerEvents;
import org.editgov.testsupport.RealServersTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.editgov.requestapi.support.EventTap.forModel;
import static org.editgov.requestapi.support.EventTap.ofType;
import static org.editgov.requestapi.support.Users.ADA;
import static org.editgov.requestapi.support.Users.ALICE;
import static org.editgov.requestapi.support.Users.BOB;
import static org.editgov.requestapi.support.Users.OLGA;
import static org.hamcrest.Matchers.equalTo;

/** The whole life of an edit with real tokens, the real broker, and the worker's answers on the wire. */
@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "request_api"), @ResourceArg(name = "client", value = "request-api")})
class ReviewFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static WorkerEvents worker;

    @BeforeAll
    static void openWorker() {
        Optional<String> real = RealWorkers.consumingBatchRequests();
        Assumptions.assumeTrue(real.isEmpty(), () -> "a real editor worker (consumer group " + real.orElse("")
                + ") answers batch.requested on this broker and would race the answers these tests publish;"
                + " stop it (bin/platform down) to run them");
        worker = new WorkerEvents();
    }

    @AfterAll
    static void closeWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void proposalIsReviewedBatchedAndAppliedWithEveryEventPublishedInOrder() {
        String model = Fixtures.registerModel("flow");
        String edit;
        try (EventTap tap = new EventTap(Topics.EDIT_PROPOSED, Topics.EDIT_REVIEWED, Topics.BATCH_REQUESTED)
                .track(model)) {
            edit = Fixtures.propose(ALICE, model, "Danielle Darrieux", "English");
            Users.as(BOB).get("/api/edits/{id}", edit).then().statusCode(200)
                    .body("state", equalTo("PROPOSED")).body("proposer", equalTo(ALICE)).body("history.size()", equalTo(1));

            Fixtures.approve(BOB, edit);
            JsonPath batch = Users.as(OLGA).post("/api/models/{id}/batches", model).then().statusCode(201)
                    .body("state", equalTo("SCHEDULED")).body("seq", equalTo(1)).body("trigger", equalTo("MANUAL"))
                    .extract().jsonPath();
            assertThat(batch.getList("editIds", String.class)).containsExactly(edit);
            String batchId = batch.getString("id");

            // Each event type has its own topic, so arrival order across topics means nothing; the
            // events' own times give the order of the changes.
            List<EventTap.Published> events = new ArrayList<>(tap.await(forModel(model), 3, WAIT));
            events.sort(Comparator.comparing(p -> Instant.parse(p.event().path("occurredAt").asText())));
            assertThat(events).extracting(EventTap.Published::topic)
                    .containsExactly(Topics.EDIT_PROPOSED, Topics.EDIT_REVIEWED, Topics.BATCH_REQUESTED);
            assertThat(events.get(0).payload().path("editId").asText()).isEqualTo(edit);
            assertThat(events.get(0).event().path("actor").path("id").asText()).isEqualTo(ALICE);
            assertThat(events.get(1).payload().path("decision").asText()).isEqualTo("APPROVED");
            assertThat(events.get(1).payload().path("reviewer").asText()).isEqualTo(BOB);
            var requested = events.get(2).payload();
            assertThat(requested.path("batchId").asText()).isEqualTo(batchId);
            assertThat(requested.path("baseVersion").asInt()).isZero();
            assertThat(requested.path("method").asText()).isEqualTo("MEMIT");
            assertThat(requested.path("settings").path("layers").toString()).isEqualTo("[3,4,5]");
            assertThat(requested.path("gates").path("minEfficacySuccess").asDouble()).isEqualTo(0.9);
            assertThat(requested.path("edits")).hasSize(1);
            assertThat(requested.path("edits").get(0).path("editId").asText()).isEqualTo(edit);
            assertThat(requested.path("edits").get(0).path("subject").asText()).isEqualTo("Danielle Darrieux");
            assertThat(requested.path("edits").get(0).path("approver").asText()).isEqualTo(BOB);
            assertThat(requested.path("edits").get(0).path("proposer").asText()).isEqualTo(ALICE);

            worker.publish(WorkerEvents.committedByBatch(model, batchId, 1));
            worker.publish(WorkerEvents.completed(model, batchId, 0, List.of(edit)));
            await().atMost(WAIT).untilAsserted(() -> Users.as(ALICE).get("/api/edits/{id}", edit).then()
                    .body("state", equalTo("APPLIED")));
        }
        JsonPath history = Users.as(ADA).get("/api/edits/{id}", edit)
                .then().statusCode(200).extract().jsonPath();
        assertThat(history.getList("history.to", String.class))
                .containsExactly("PROPOSED", "APPROVED", "SCHEDULED", "APPLIED");
        assertThat(history.getString("history[1].actor")).isEqualTo(BOB);
        assertThat(history.getString("history[1].comment")).isEqualTo("checked the sources");
        Users.as(ADA).get("/api/models/{id}", model).then().statusCode(200).body("currentVersion", equalTo(1));
        JsonPath versions = Users.as(OLGA).get("/api/models/{id}/versions", model).then().statusCode(200)
                .extract().jsonPath();
        assertThat(versions.getList("version", Integer.class)).containsExactly(0, 1);
        assertThat(versions.getBoolean("[1].current")).isTrue();
        assertThat(versions.getString("[1].deltaLocation")).endsWith("v1.safetensors");
        Users.as(ADA).get("/api/models/{id}/batches", model).then().statusCode(200)
                .body("[0].state", equalTo("COMPLETED")).body("[0].newVersion", equalTo(1))
                .body("[0].report.passed", equalTo(true));
    }

    @Test
    void failedBatchLeavesTheModelAndFailsItsEdits() {
        String model = Fixtures.registerModel("failed");
        String first = Fixtures.propose(ALICE, model, "Toko Yasuda", "piano");
        String second = Fixtures.propose(ALICE, model, "Autonomous University of Madrid", "Sweden");
        Fixtures.approve(BOB, first);
        Fixtures.approve(BOB, second);
        String batchId = Users.as(OLGA).post("/api/models/{id}/batches", model).then().statusCode(201)
                .extract().path("id");
        worker.publish(WorkerEvents.failed(model, batchId, 0));
        await().atMost(WAIT).untilAsserted(() -> Users.as(OLGA).get("/api/batches/{id}", batchId).then()
                .body("state", equalTo("FAILED")).body("failureKind", equalTo("GATES_NOT_MET")));
        for (String edit : List.of(first, second)) {
            Users.as(ALICE).get("/api/edits/{id}", edit).then().body("state", equalTo("FAILED"))
                    .body("history[3].comment", equalTo("GATES_NOT_MET: paraphrase success 0.41 below the gate 0.60"));
        }
        Users.as(ALICE).get("/api/models/{id}", model).then().body("currentVersion", equalTo(0));
    }

    @Test
    void redeliveredResultsAreAppliedOnce() {
        String model = Fixtures.registerModel("redelivery");
        String edit = Fixtures.propose(ALICE, model, "Apple A5", "Google");
        Fixtures.approve(BOB, edit);
        String batchId = Users.as(OLGA).post("/api/models/{id}/batches", model).then().statusCode(201)
                .extract().path("id");
        var completed = WorkerEvents.completed(model, batchId, 0, List.of(edit));
        var committed = WorkerEvents.committedByBatch(model, batchId, 1);
        for (int i = 0; i < 3; i++) {
            worker.publish(completed);
            worker.publish(committed);
        }
        await().atMost(WAIT).untilAsserted(() -> Users.as(ALICE).get("/api/edits/{id}", edit).then()
                .body("state", equalTo("APPLIED")));
        // A later, different event proves the consumer has read past the duplicates.
        String later = Fixtures.propose(ALICE, model, "Apple A6", "Google");
        Fixtures.approve(BOB, later);
        String secondBatch = Users.as(OLGA).post("/api/models/{id}/batches", model).then().statusCode(201)
                .body("baseVersion", equalTo(1)).extract().path("id");
        worker.publish(WorkerEvents.completed(model, secondBatch, 1, List.of(later)));
        await().atMost(WAIT).untilAsserted(() -> Users.as(ALICE).get("/api/edits/{id}", later).then()
                .body("state", equalTo("APPLIED")));
        Users.as(ALICE).get("/api/edits/{id}", edit).then().body("history.size()", equalTo(4));
        Users.as(OLGA).get("/api/models/{id}/versions", model).then().body("version", equalTo(List.of(0, 1, 2)));
    }

    @Test
    void rollbackIsRequestedAndTheRestoredVersionBecomesCurrent() {
        String model = Fixtures.registerModel("rollback");
        String edit = Fixtures.propose(ALICE, model, "Pietro Badoglio", "Brazil");
        Fixtures.approve(BOB, edit);
        String batchId = Users.as(OLGA).post("/api/models/{id}/batches", model).then().statusCode(201)
                .extract().path("id");
        worker.publish(WorkerEvents.committedByBatch(model, batchId, 1));
        await().atMost(WAIT).untilAsserted(() -> Users.as(OLGA).get("/api/models/{id}", model).then()
                .body("currentVersion", equalTo(1)));

        Users.as(OLGA).body(Map.of("targetVersion", 1, "reason", "not earlier")).post("/api/models/{id}/rollback", model)
                .then().statusCode(400).body("field", equalTo("targetVersion"));
        try (EventTap tap = new EventTap(Topics.MODEL_ROLLBACK_REQUESTED).track(model)) {
            String eventId = Users.as(OLGA).body(Map.of("targetVersion", 0, "reason", "the batch broke neighbours"))
                    .post("/api/models/{id}/rollback", model).then().statusCode(202)
                    .body("fromVersion", equalTo(1)).body("targetVersion", equalTo(0)).extract().path("eventId");
            var requested = tap.await(ofType(Topics.MODEL_ROLLBACK_REQUESTED), 1, WAIT);
            assertThat(requested).hasSize(1);
            assertThat(requested.get(0).eventId()).isEqualTo(eventId);
            assertThat(requested.get(0).payload().path("reason").asText()).isEqualTo("the batch broke neighbours");
            assertThat(requested.get(0).payload().path("requestedBy").asText()).isEqualTo(OLGA);
            worker.publish(WorkerEvents.committedByRollback(model, 2, 0, eventId));
        }
        await().atMost(WAIT).untilAsserted(() -> Users.as(OLGA).get("/api/models/{id}/versions/current", model).then()
                .body("version", equalTo(2)).body("rollbackTargetVersion", equalTo(0))
                .body("artifactLocation", equalTo("store://models/" + model + "/v0")));
    }
}

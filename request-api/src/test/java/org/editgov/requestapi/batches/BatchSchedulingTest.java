package org.editgov.requestapi.batches;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.editgov.contracts.Topics;
import org.editgov.requestapi.common.ConflictProblem;
import org.editgov.requestapi.support.EventTap;
import org.editgov.requestapi.support.Fixtures;
import org.editgov.requestapi.support.Users;
import org.editgov.testsupport.RealServersTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.editgov.requestapi.support.EventTap.forModel;
import static org.editgov.requestapi.support.Users.ALICE;
import static org.editgov.requestapi.support.Users.BOB;
import static org.editgov.requestapi.support.Users.OLGA;
import static org.hamcrest.Matchers.equalTo;

/** Batch policies firing on their own, and several cutters racing for one model's approved edits. */
@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "request_api"), @ResourceArg(name = "client", value = "request-api")})
class BatchSchedulingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    BatchCutter cutter;

    @Test
    void shortCronCutsExactlyTheApprovedEditsOnce() {
        String model = Fixtures.registerModel("cron");
        List<String> approved = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String edit = Fixtures.propose(ALICE, model, "Cron subject " + i, "Cron target");
            Fixtures.approve(BOB, edit);
            approved.add(edit);
        }
        String waiting = Fixtures.propose(ALICE, model, "Unreviewed subject", "Cron target");
        try (EventTap tap = new EventTap(Topics.BATCH_REQUESTED).track(model)) {
            Users.as(OLGA).body(Map.of("cron", "0/2 * * * * ?")).put("/api/models/{id}/batch-policy", model)
                    .then().statusCode(200).body("cron", equalTo("0/2 * * * * ?"));
            List<EventTap.Published> first = tap.await(forModel(model), 1, WAIT);
            assertThat(first).hasSize(1);
            // Three more firings of the schedule find nothing new to cut.
            List<EventTap.Published> all = tap.drain(forModel(model), Duration.ofSeconds(6));
            assertThat(all).hasSize(1);
            List<String> carried = new ArrayList<>();
            all.get(0).payload().path("edits").forEach(e -> carried.add(e.path("editId").asText()));
            assertThat(carried).containsExactlyInAnyOrderElementsOf(approved).doesNotHaveDuplicates();
            assertThat(all.get(0).event().path("actor").path("kind").asText()).isEqualTo("SERVICE");
        } finally {
            Users.as(OLGA).delete("/api/models/{id}/batch-policy", model).then().statusCode(204);
        }
        JsonPath batches = Users.as(OLGA).get("/api/models/{id}/batches", model).then().statusCode(200)
                .extract().jsonPath();
        assertThat(batches.getList("trigger", String.class)).containsExactly("CRON");
        assertThat(batches.getList("[0].editIds", String.class)).containsExactlyInAnyOrderElementsOf(approved);
        Users.as(ALICE).get("/api/edits/{id}", waiting).then().body("state", equalTo("PROPOSED"));
        String batchId = batches.getString("[0].id");
        for (String edit : approved) {
            // A running editor worker may already have answered; the edit went through this batch either way.
            JsonPath view = Users.as(ALICE).get("/api/edits/{id}", edit).then().extract().jsonPath();
            assertThat(view.getString("batchId")).isEqualTo(batchId);
            assertThat(view.getList("history.to", String.class)).containsSequence("APPROVED", "SCHEDULED");
        }
    }

    @Test
    void sizeLimitFiresOnceEnoughEditsAreApproved() {
        String model = Fixtures.registerModel("size");
        Users.as(OLGA).body(Map.of("maxSize", 2)).put("/api/models/{id}/batch-policy", model).then().statusCode(200);
        try (EventTap tap = new EventTap(Topics.BATCH_REQUESTED).track(model)) {
            String first = Fixtures.propose(ALICE, model, "Size subject 1", "One");
            String second = Fixtures.propose(ALICE, model, "Size subject 2", "Two");
            Fixtures.approve(BOB, first);
            assertThat(tap.drain(forModel(model), Duration.ofSeconds(3))).isEmpty();
            Fixtures.approve(BOB, second);
            List<EventTap.Published> cut = tap.await(forModel(model), 1, WAIT);
            assertThat(cut).hasSize(1);
            assertThat(cut.get(0).payload().path("edits")).hasSize(2);
        } finally {
            Users.as(OLGA).delete("/api/models/{id}/batch-policy", model).then().statusCode(204);
        }
        Users.as(OLGA).get("/api/models/{id}/batches", model).then().body("[0].trigger", equalTo("MAX_SIZE"));
    }

    @Test
    void concurrentCuttersOfSeveralInstancesCutOneBatchHoldingEveryEditOnce() throws Exception {
        String model = Fixtures.registerModel("race");
        List<String> approved = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String edit = Fixtures.propose(ALICE, model, "Race subject " + i, "Race target");
            Fixtures.approve(BOB, edit);
            approved.add(edit);
        }
        try (EventTap tap = new EventTap(Topics.BATCH_REQUESTED).track(model)) {
            // The policy makes the model due for the scheduler too: it joins the race as one more instance.
            Users.as(OLGA).body(Map.of("maxWaitSeconds", 1)).put("/api/models/{id}/batch-policy", model)
                    .then().statusCode(200);
            Instant later = Instant.now().plusSeconds(5);
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<String>> cutters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                cutters.add(() -> {
                    start.await();
                    Optional<Batch> batch = cutter.fireIfDue(model, later);
                    return batch.map(b -> "fired").orElse("skipped");
                });
            }
            for (int i = 0; i < 2; i++) {
                cutters.add(() -> {
                    start.await();
                    try {
                        cutter.cutNow(model, OLGA);
                        return "cut";
                    } catch (ConflictProblem nothingLeft) {
                        return "nothing";
                    }
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(cutters.size());
            List<String> outcomes = new ArrayList<>();
            try {
                List<Future<String>> futures = new ArrayList<>();
                for (Callable<String> c : cutters) {
                    futures.add(pool.submit(c));
                }
                start.countDown();
                for (Future<String> f : futures) {
                    outcomes.add(f.get());
                }
            } finally {
                pool.shutdown();
            }
            List<EventTap.Published> requested = tap.drain(forModel(model), Duration.ofSeconds(4));
            assertThat(requested).as("outcomes %s", outcomes).hasSize(1);
            List<String> carried = new ArrayList<>();
            requested.get(0).payload().path("edits").forEach(e -> carried.add(e.path("editId").asText()));
            assertThat(carried).containsExactlyInAnyOrderElementsOf(approved);
        } finally {
            Users.as(OLGA).delete("/api/models/{id}/batch-policy", model).then().statusCode(204);
        }
        JsonPath batches = Users.as(OLGA).get("/api/models/{id}/batches", model).then().extract().jsonPath();
        assertThat(batches.getList("id")).hasSize(1);
        assertThat(batches.getList("[0].editIds", String.class)).hasSize(20).doesNotHaveDuplicates();
    }
}

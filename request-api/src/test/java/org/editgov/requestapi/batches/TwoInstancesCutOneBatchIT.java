package org.editgov.requestapi.batches;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.editgov.contracts.Topics;
import org.editgov.requestapi.support.EventTap;
import org.editgov.requestapi.support.Fixtures;
import org.editgov.requestapi.support.RequestApiProcess;
import org.editgov.requestapi.support.Users;
import org.editgov.testsupport.Postgres;
import org.editgov.testsupport.RealServers;
import org.editgov.testsupport.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.editgov.requestapi.support.EventTap.forModel;
import static org.editgov.requestapi.support.Users.ALICE;
import static org.editgov.requestapi.support.Users.BOB;
import static org.editgov.requestapi.support.Users.OLGA;

/**
 * Two request-api processes (the packaged application, not threads of one JVM) against one database: cut
 * a model's batch on both at the same moment, and let both schedulers fire one policy, and find one batch
 * per firing holding exactly the approved edits, each once, in the database and on Kafka.
 * Runs in the integration-test phase (maven-failsafe-plugin), after the application is packaged.
 */
@RealServers
class TwoInstancesCutOneBatchIT {

    /** A schema of its own: a platform on the same servers neither relays nor cuts anything of these instances. */
    private static final String SCHEMA = "request_api_it";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final int ROUNDS = 3;
    private static final int EDITS_PER_ROUND = 5;

    private static RequestApiProcess first;
    private static RequestApiProcess second;

    @BeforeAll
    static void startTwoInstances() {
        Path logs = Path.of("target", "request-api-it");
        // One after the other: both would run the same Flyway migration of a fresh schema at start.
        first = RequestApiProcess.start("instance-a", SCHEMA, "request-api-it", logs);
        second = RequestApiProcess.start("instance-b", SCHEMA, "request-api-it", logs);
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = first.port();
    }

    @AfterAll
    static void stopInstances() {
        for (RequestApiProcess instance : new RequestApiProcess[] {second, first}) {
            if (instance != null) {
                instance.close();
            }
        }
        RestAssured.reset();
    }

    @Test
    void operatorsCuttingOnBothInstancesAtOnceGetOneBatchPerRound(Servers servers) throws Exception {
        String model = Fixtures.registerModel("two-instances");
        String unreviewed = Fixtures.propose(ALICE, model, "Two instances unreviewed", "Not yet");
        List<List<String>> rounds = new ArrayList<>();
        try (EventTap tap = new EventTap(Topics.BATCH_REQUESTED).track(model)) {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> approved = approveOnBoth(model, round);
                rounds.add(approved);
                List<Response> answers = raceCuts(model);
                List<Integer> statuses = answers.stream().map(Response::statusCode).sorted().toList();
                assertThat(statuses).as("round %d: %s | %s", round, answers.get(0).asString(), answers.get(1).asString())
                        .containsExactly(201, 409);
                Response cut = answers.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow();
                assertThat(cut.jsonPath().getList("editIds", String.class)).containsExactlyInAnyOrderElementsOf(approved);
                Response refused = answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
                assertThat(refused.contentType()).startsWith("application/problem+json");

                List<EventTap.Published> requested = tap.await(forModel(model), round + 1, WAIT);
                assertThat(requested).as("batch.requested after round %d", round).hasSize(round + 1);
                assertThat(editIdsOf(requested.get(round))).containsExactlyInAnyOrderElementsOf(approved);
            }
            List<EventTap.Published> all = tap.drain(forModel(model), QUIET);
            assertThat(all).hasSize(ROUNDS);
            assertThat(all.stream().map(EventTap.Published::eventId)).doesNotHaveDuplicates();
        }

        List<String> batches = batchIds(servers, model);
        assertThat(batches).hasSize(ROUNDS);
        List<List<String>> stored = new ArrayList<>();
        for (String batch : batches) {
            stored.add(editIdsOfBatch(servers, batch));
        }
        assertThat(stored).hasSize(ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            assertThat(stored.get(round)).as("batch #%d in the database", round + 1)
                    .containsExactlyInAnyOrderElementsOf(rounds.get(round));
        }
        assertThat(batchIdOfEdit(servers, unreviewed)).isNull();
    }

    @Test
    void bothSchedulersFiringOnePolicyCutOneBatch(Servers servers) {
        String model = Fixtures.registerModel("two-schedulers");
        List<String> approved = approveOnBoth(model, 0);
        try (EventTap tap = new EventTap(Topics.BATCH_REQUESTED).track(model)) {
            // Due at once on both instances' next tick (every second): a full batch is waiting.
            Users.as(OLGA).body(Map.of("maxSize", EDITS_PER_ROUND)).put("/api/models/{id}/batch-policy", model)
                    .then().statusCode(200);
            List<EventTap.Published> requested = tap.await(forModel(model), 1, WAIT);
            assertThat(requested).hasSize(1);
            List<EventTap.Published> all = tap.drain(forModel(model), QUIET);
            assertThat(all).hasSize(1);
            assertThat(editIdsOf(all.get(0))).containsExactlyInAnyOrderElementsOf(approved);
            assertThat(all.get(0).event().path("actor").path("kind").asText()).isEqualTo("SERVICE");
        } finally {
            Users.as(OLGA).delete("/api/models/{id}/batch-policy", model).then().statusCode(204);
        }
        List<String> batches = batchIds(servers, model);
        assertThat(batches).hasSize(1);
        assertThat(editIdsOfBatch(servers, batches.get(0))).containsExactlyInAnyOrderElementsOf(approved);
        JsonPath listed = Users.as(OLGA).port(second.port()).get("/api/models/{id}/batches", model)
                .then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("trigger", String.class)).containsExactly("MAX_SIZE");
    }

    /** Proposes on one instance and approves on the other: both see one database. */
    private static List<String> approveOnBoth(String model, int round) {
        List<String> approved = new ArrayList<>();
        for (int i = 0; i < EDITS_PER_ROUND; i++) {
            String edit = Fixtures.propose(ALICE, model, "Two instances subject " + round + "-" + i, "Target " + round);
            Users.as(BOB).port(second.port())
                    .body(Map.of("decision", "APPROVE", "comment", "checked the sources"))
                    .post("/api/edits/{id}/review", edit).then().statusCode(200);
            approved.add(edit);
        }
        return approved;
    }

    /** The operator's "cut now" sent to both instances, released together by a barrier. */
    private static List<Response> raceCuts(String model) throws Exception {
        String bearer = Users.bearer(OLGA);
        CyclicBarrier together = new CyclicBarrier(2);
        List<Callable<Response>> cuts = new ArrayList<>();
        for (RequestApiProcess instance : List.of(first, second)) {
            cuts.add(() -> {
                var request = RestAssured.given().port(instance.port()).header("Authorization", bearer)
                        .accept("application/json");
                together.await(10, TimeUnit.SECONDS);
                return request.post("/api/models/{id}/batches", model);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Response> answers = new ArrayList<>();
            for (Future<Response> answer : pool.invokeAll(cuts)) {
                answers.add(answer.get());
            }
            assertThat(first.isAlive()).as(first.logTail()).isTrue();
            assertThat(second.isAlive()).as(second.logTail()).isTrue();
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    private static List<String> editIdsOf(EventTap.Published batchRequested) {
        List<String> ids = new ArrayList<>();
        batchRequested.payload().path("edits").forEach(e -> ids.add(e.path("editId").asText()));
        return ids;
    }

    private static List<String> batchIds(Servers servers, String model) {
        return strings(servers, "SELECT id::text FROM " + SCHEMA + ".batch WHERE model_id = ? ORDER BY seq", model);
    }

    private static List<String> editIdsOfBatch(Servers servers, String batch) {
        return strings(servers, "SELECT id::text FROM " + SCHEMA + ".edit_request WHERE batch_id = ?::uuid", batch);
    }

    private static String batchIdOfEdit(Servers servers, String edit) {
        List<String> found = strings(servers,
                "SELECT batch_id::text FROM " + SCHEMA + ".edit_request WHERE id = ?::uuid", edit);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<String> strings(Servers servers, String sql, String parameter) {
        Postgres.Database db = servers.postgres().database("request_api");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query " + sql + ": " + e.getMessage(), e);
        }
    }
}

package org.editgov.requestapi.edits;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.editgov.contracts.Topics;
import org.editgov.requestapi.support.EventTap;
import org.editgov.requestapi.support.Fixtures;
import org.editgov.requestapi.support.Users;
import org.editgov.testsupport.RealServersTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.editgov.requestapi.support.EventTap.forModel;
import static org.editgov.requestapi.support.EventTap.ofType;
import static org.editgov.requestapi.support.Users.ADA;
import static org.editgov.requestapi.support.Users.ALICE;
import static org.editgov.requestapi.support.Users.BOB;
import static org.editgov.requestapi.support.Users.SAM;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Proposing, idempotency, listing and withdrawal through the HTTP API. */
@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "request_api"), @ResourceArg(name = "client", value = "request-api")})
class EditsApiTest {

    @Test
    void proposalIsStoredAsProposedWithLocationAndTrimmedFields() {
        String model = Fixtures.registerModel("propose");
        Map<String, Object> body = Fixtures.editBody(model, "  Danielle Darrieux ", "English");
        JsonPath edit = Users.as(ALICE).body(body).post("/api/edits").then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("state", equalTo("PROPOSED")).body("proposer", equalTo(ALICE))
                .body("subject", equalTo("Danielle Darrieux")).body("targetTrue", equalTo("French"))
                .extract().jsonPath();
        assertThat(edit.getList("evidenceLinks", String.class)).containsExactly("https://example.org/bio/__Danielle_Darrieux_");
        assertThat(edit.getString("history[0].to")).isEqualTo("PROPOSED");
        assertThat(edit.getString("history[0].actor")).isEqualTo(ALICE);
    }

    @Test
    void sameIdempotencyKeyAndBodyGivesTheSameEditAndADifferentBodyIsRefused() {
        String model = Fixtures.registerModel("idempotent");
        String key = "proposal-" + UUID.randomUUID();
        Map<String, Object> body = Fixtures.editBody(model, "Apple A5", "Google");
        String first = Users.as(ALICE).header("Idempotency-Key", key).body(body).post("/api/edits")
                .then().statusCode(201).extract().path("id");
        Users.as(ALICE).header("Idempotency-Key", key).body(body).post("/api/edits")
                .then().statusCode(200).body("id", equalTo(first));
        // The key may travel in the body as well.
        Map<String, Object> withField = new java.util.LinkedHashMap<>(body);
        withField.put("idempotencyKey", key);
        Users.as(ALICE).body(withField).post("/api/edits").then().statusCode(200).body("id", equalTo(first));

        Map<String, Object> changed = Fixtures.editBody(model, "Apple A5", "Microsoft");
        Users.as(ALICE).header("Idempotency-Key", key).body(changed).post("/api/edits")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://editgov.org/problems/idempotency-key-reused"));
        withField.put("idempotencyKey", "another-key");
        Users.as(ALICE).header("Idempotency-Key", key).body(withField).post("/api/edits")
                .then().statusCode(400).body("field", equalTo("idempotencyKey"));
        // Keys belong to their proposer: sam's use of the same key is a new edit.
        Users.as(SAM).header("Idempotency-Key", key).body(body).post("/api/edits").then().statusCode(201);
        assertThat(Users.as(ADA).queryParam("modelId", model).get("/api/edits").then().extract().jsonPath()
                .getInt("total")).isEqualTo(2);
    }

    @Test
    void concurrentRetriesWithOneKeyCreateOneEdit() throws Exception {
        String model = Fixtures.registerModel("idempotent-race");
        String key = "race-" + UUID.randomUUID();
        Map<String, Object> body = Fixtures.editBody(model, "Toko Yasuda", "piano");
        String bearer = Users.bearer(ALICE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> io.restassured.RestAssured.given().header("Authorization", bearer)
                        .header("Idempotency-Key", key).contentType("application/json").body(body)
                        .post("/api/edits").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                        .extract().path("id"));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                ids.add(f.get());
            }
            assertThat(ids).hasSize(8).containsOnly(ids.get(0));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void listingFiltersByModelStateProposerAndTextWithPaging() {
        String model = Fixtures.registerModel("listing");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(Fixtures.propose(ALICE, model, "Listed subject " + i, "Target " + i));
        }
        Map<String, Object> wildcards = Fixtures.editBody(model, "Percent_%_subject", "Zulu");
        wildcards.remove("evidenceLinks");
        String samEdit = Users.as(SAM).body(wildcards).post("/api/edits").then().statusCode(201).extract().path("id");
        Fixtures.approve(BOB, ids.get(0));

        JsonPath all = Users.as(BOB).queryParam("modelId", model).queryParam("size", 4).get("/api/edits")
                .then().statusCode(200).extract().jsonPath();
        assertThat(all.getInt("total")).isEqualTo(6);
        assertThat(all.getList("items")).hasSize(4);
        assertThat(all.getString("items[0].id")).isEqualTo(samEdit); // newest first
        JsonPath page2 = Users.as(BOB).queryParam("modelId", model).queryParam("size", 4).queryParam("page", 1)
                .get("/api/edits").then().statusCode(200).extract().jsonPath();
        assertThat(page2.getList("items")).hasSize(2);
        assertThat(page2.getString("items[1].id")).isEqualTo(ids.get(0));

        assertThat(Users.as(BOB).queryParam("modelId", model).queryParam("state", "approved").get("/api/edits")
                .then().extract().jsonPath().getList("items.id", String.class)).containsExactly(ids.get(0));
        assertThat(Users.as(BOB).queryParam("modelId", model).queryParam("proposer", SAM).get("/api/edits")
                .then().extract().jsonPath().getList("items.id", String.class)).containsExactly(samEdit);
        assertThat(Users.as(BOB).queryParam("modelId", model).queryParam("q", "TARGET 3").get("/api/edits")
                .then().extract().jsonPath().getList("items.id", String.class)).containsExactly(ids.get(3));
        // LIKE wildcards in the search text are plain characters.
        assertThat(Users.as(BOB).queryParam("modelId", model).queryParam("q", "_%_").get("/api/edits")
                .then().extract().jsonPath().getList("items.id", String.class)).containsExactly(samEdit);
        Users.as(BOB).queryParam("state", "LOST").get("/api/edits").then().statusCode(400).body("field", equalTo("state"));
        Users.as(BOB).queryParam("size", "1000").get("/api/edits").then().statusCode(400).body("field", equalTo("size"));
        Users.as(BOB).queryParam("page", "two").get("/api/edits").then().statusCode(400).body("field", equalTo("page"));
    }

    @Test
    void onlyTheProposerWithdrawsAndOnlyWhileProposed() {
        String model = Fixtures.registerModel("withdraw");
        String edit = Fixtures.propose(ALICE, model, "Pietro Badoglio", "Brazil");
        Users.as(SAM).body(Map.of("comment", "not mine")).post("/api/edits/{id}/withdraw", edit)
                .then().statusCode(403).body("type", equalTo("https://editgov.org/problems/not-proposer"));
        Users.as(ALICE).body(Map.of("comment", "found a better source")).post("/api/edits/{id}/withdraw", edit)
                .then().statusCode(200).body("state", equalTo("WITHDRAWN"))
                .body("history[1].comment", equalTo("found a better source"));
        Users.as(ALICE).post("/api/edits/{id}/withdraw", edit).then().statusCode(409);

        String approved = Fixtures.propose(ALICE, model, "Pietro Badoglio", "Brazil");
        Fixtures.approve(BOB, approved);
        Users.as(ALICE).post("/api/edits/{id}/withdraw", approved).then().statusCode(409)
                .body("type", equalTo("https://editgov.org/problems/invalid-state"));
        Users.as(ALICE).post("/api/edits/{id}/withdraw", UUID.randomUUID().toString()).then().statusCode(404);
    }

    @Test
    void withdrawalIsPublishedAsEditWithdrawnOnceAndRefusedWithdrawalsPublishNothing() {
        String model = Fixtures.registerModel("withdrawn");
        try (EventTap tap = new EventTap(Topics.EDIT_PROPOSED, Topics.EDIT_WITHDRAWN).track(model)) {
            String explained = Fixtures.propose(ALICE, model, "Toko Yasuda", "guitar");
            String silent = Fixtures.propose(SAM, model, "Apple A5", "Google");
            Users.as(ALICE).body(Map.of("comment", "  found a better source  ")).post("/api/edits/{id}/withdraw", explained)
                    .then().statusCode(200).body("state", equalTo("WITHDRAWN"));
            Users.as(SAM).post("/api/edits/{id}/withdraw", silent).then().statusCode(200);
            // Refused: not the proposer, and no longer PROPOSED.
            Users.as(SAM).post("/api/edits/{id}/withdraw", explained).then().statusCode(403);
            Users.as(ALICE).post("/api/edits/{id}/withdraw", explained).then().statusCode(409);

            tap.await(forModel(model).and(ofType(Topics.EDIT_WITHDRAWN)), 2, Duration.ofSeconds(20));
            List<EventTap.Published> events = new ArrayList<>(tap.drain(forModel(model), Duration.ofSeconds(3)));
            events.sort(Comparator.comparing(p -> Instant.parse(p.event().path("occurredAt").asText())));
            assertThat(events).extracting(EventTap.Published::topic).containsExactly(
                    Topics.EDIT_PROPOSED, Topics.EDIT_PROPOSED, Topics.EDIT_WITHDRAWN, Topics.EDIT_WITHDRAWN);

            var withReason = events.get(2);
            assertThat(withReason.payload().path("editId").asText()).isEqualTo(explained);
            assertThat(withReason.payload().path("comment").asText()).isEqualTo("found a better source");
            assertThat(withReason.payload().path("proposer").asText()).isEqualTo(ALICE);
            assertThat(withReason.event().path("actor").path("id").asText()).isEqualTo(ALICE);
            var withoutReason = events.get(3);
            assertThat(withoutReason.payload().path("editId").asText()).isEqualTo(silent);
            assertThat(withoutReason.payload().has("comment")).isFalse();
            assertThat(withoutReason.event().path("actor").path("id").asText()).isEqualTo(SAM);
        }
    }
}

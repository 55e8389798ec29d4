package org.editgov.requestapi.reviews;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.editgov.requestapi.support.Fixtures;
import org.editgov.requestapi.support.Users;
import org.editgov.testsupport.RealServersTestResource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.editgov.requestapi.support.Users.ALICE;
import static org.editgov.requestapi.support.Users.BOB;
import static org.editgov.requestapi.support.Users.SAM;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Four eyes and conflicting proposals, with the demo users' real tokens. */
@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "request_api"), @ResourceArg(name = "client", value = "request-api")})
class ReviewRulesTest {

    @Test
    void proposerCannotApproveOwnEditEvenHoldingTheReviewerRole() {
        String model = Fixtures.registerModel("foureyes");
        String edit = Fixtures.propose(SAM, model, "Ferrari", "Volvo");
        for (String decision : List.of("APPROVE", "REJECT")) {
            Users.as(SAM).body(Map.of("decision", decision, "comment", "looks fine to me"))
                    .post("/api/edits/{id}/review", edit).then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://editgov.org/problems/own-edit"))
                    .body("detail", containsString("four eyes"));
        }
        Users.as(BOB).get("/api/edits/{id}", edit).then().body("state", equalTo("PROPOSED")).body("history.size()", equalTo(1));
        // Another reviewer may; and sam may review someone else's edit.
        Fixtures.approve(BOB, edit);
        String alices = Fixtures.propose(ALICE, model, "Ferrari", "Volvo");
        Fixtures.approve(SAM, alices);
    }

    @Test
    void onlyProposedEditsAreReviewedAndRejectionsSayWhy() {
        String model = Fixtures.registerModel("review-state");
        String edit = Fixtures.propose(ALICE, model, "Thomas Joannes Stieltjes", "Swedish");
        Users.as(BOB).body(Map.of("decision", "REJECT")).post("/api/edits/{id}/review", edit)
                .then().statusCode(400).body("field", equalTo("comment"));
        Users.as(BOB).body(Map.of("decision", "REJECT", "comment", "the sources say Dutch"))
                .post("/api/edits/{id}/review", edit).then().statusCode(200).body("state", equalTo("REJECTED"));
        Users.as(BOB).body(Map.of("decision", "APPROVE")).post("/api/edits/{id}/review", edit)
                .then().statusCode(409).body("type", equalTo("https://editgov.org/problems/invalid-state"));
        Users.as(BOB).body(Map.of("decision", "MAYBE")).post("/api/edits/{id}/review", edit)
                .then().statusCode(400).body("field", equalTo("decision"));
    }

    @Test
    void conflictingProposalsAreFlaggedOnBothAndTheSecondApprovalIsRefused() {
        String model = Fixtures.registerModel("conflict");
        String english = Fixtures.propose(ALICE, model, "Danielle Darrieux", "English");
        Map<String, Object> body = Fixtures.editBody(model, "  danielle   DARRIEUX", "German");
        String german = Users.as(SAM).body(body).post("/api/edits").then().statusCode(201).extract().path("id");
        // Same target in other words of case is no conflict; another relation is no conflict.
        String sameTarget = Fixtures.propose(SAM, model, "Danielle Darrieux", "english");
        Map<String, Object> otherRelation = Fixtures.editBody(model, "Danielle Darrieux", "Paris");
        otherRelation.put("prompt", "{} was born in");
        String bornIn = Users.as(ALICE).body(otherRelation).post("/api/edits").then().statusCode(201).extract().path("id");

        JsonPath first = Users.as(BOB).get("/api/edits/{id}", english).then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("conflicts.editId", String.class)).containsExactly(german);
        JsonPath second = Users.as(BOB).get("/api/edits/{id}", german).then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("conflicts.editId", String.class)).containsExactlyInAnyOrder(english, sameTarget);
        Users.as(BOB).get("/api/edits/{id}", bornIn).then().body("conflicts.size()", equalTo(0));

        Fixtures.approve(BOB, english);
        Users.as(BOB).body(Map.of("decision", "APPROVE", "comment", "also plausible"))
                .post("/api/edits/{id}/review", german).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://editgov.org/problems/conflicting-approval"))
                .body("detail", containsString(english))
                .body("detail", containsString("already approved for the same subject and relation"));
        Users.as(BOB).get("/api/edits/{id}", german).then().body("state", equalTo("PROPOSED"));
        // Rejecting the loser is fine, and an edit with the same target is no rival.
        Users.as(BOB).body(Map.of("decision", "REJECT", "comment", "conflicts with the approved English"))
                .post("/api/edits/{id}/review", german).then().statusCode(200);
        Fixtures.approve(BOB, sameTarget);
    }

    @Test
    void twoReviewersApprovingRivalsAtOnceGetOneApproval() throws Exception {
        String model = Fixtures.registerModel("conflict-race");
        for (int round = 0; round < 3; round++) {
            String subject = "Race subject " + round;
            String a = Fixtures.propose(ALICE, model, subject, "Alpha");
            String b = Fixtures.propose(ALICE, model, subject, "Beta");
            String bobToken = Users.bearer(BOB);
            String samToken = Users.bearer(SAM);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<Integer>> both = new ArrayList<>();
                both.add(() -> approveStatus(bobToken, a));
                both.add(() -> approveStatus(samToken, b));
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(both)) {
                    statuses.add(f.get());
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            } finally {
                pool.shutdown();
            }
        }
    }

    private static int approveStatus(String bearer, String editId) {
        return io.restassured.RestAssured.given().header("Authorization", bearer).contentType("application/json")
                .body(Map.of("decision", "APPROVE", "comment", "race")).post("/api/edits/{id}/review", editId)
                .statusCode();
    }
}

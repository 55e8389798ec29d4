package org.editgov.requestapi.common;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.path.json.JsonPath;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import org.assertj.core.api.SoftAssertions;
import org.editgov.requestapi.support.Fixtures;
import org.editgov.requestapi.support.Users;
import org.editgov.testsupport.RealServersTestResource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.editgov.requestapi.support.Users.ALICE;
import static org.editgov.requestapi.support.Users.BOB;
import static org.editgov.requestapi.support.Users.OLGA;

/**
 * Malformed and hostile requests: each is answered 4xx with a problem document and no stack trace, and
 * none of them stores anything.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "request_api"), @ResourceArg(name = "client", value = "request-api")})
class HostileRequestsTest {

    private record Hostile(String name, String user, String method, String path, String contentType, Object body,
                           Map<String, String> headers, int expectedStatus, String expectedField) {
    }

    @Inject
    EntityManager em;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URI base;

    @Test
    void hostileRequestsAreRefusedWithProblemsAndStoreNothing() throws Exception {
        String model = Fixtures.registerModel("hostile");
        String edit = Fixtures.propose(ALICE, model, "Hostile subject", "Target");
        List<Hostile> cases = cases(model, edit);
        long[] before = stored();

        SoftAssertions softly = new SoftAssertions();
        for (Hostile h : cases) {
            HttpResponse<String> response = send(h);
            String body = response.body();
            softly.assertThat(response.statusCode()).as("%s: status (body %s)", h.name(), body).isEqualTo(h.expectedStatus());
            softly.assertThat(body).as("%s: no stack trace", h.name()).doesNotContain("\tat ").doesNotContain("Exception");
            if (h.expectedStatus() != 413) {
                softly.assertThat(response.headers().firstValue("Content-Type").orElse("")).as("%s: content type", h.name()).startsWith("application/problem+json");
            }
            if (h.expectedField() != null) {
                softly.assertThat(JsonPath.from(body).getString("field")).as("%s: field (body %s)", h.name(), body).isEqualTo(h.expectedField());
            }
        }
        softly.assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        softly.assertThat(stored()).as("rows of edits, models, policies, rollbacks and user events").containsExactly(before);
        softly.assertAll();
    }

    private static List<Hostile> cases(String model, String edit) {
        List<Hostile> c = new ArrayList<>();
        String json = "application/json";
        c.add(new Hostile("truncated JSON", ALICE, "POST", "/api/edits", json, "{\"modelId\": ", null, 400, null));
        c.add(new Hostile("not JSON", ALICE, "POST", "/api/edits", json, "hello there", null, 400, null));
        c.add(new Hostile("JSON array", ALICE, "POST", "/api/edits", json, "[]", null, 400, null));
        c.add(new Hostile("empty body", ALICE, "POST", "/api/edits", json, "", null, 400, null));
        c.add(new Hostile("JSON null", ALICE, "POST", "/api/edits", json, "null", null, 400, null));
        c.add(new Hostile("trailing tokens", ALICE, "POST", "/api/edits", json,
                toJson(edit(model)) + " {\"x\":1}", null, 400, null));
        c.add(new Hostile("deep nesting", ALICE, "POST", "/api/edits", json,
                "{\"evidenceLinks\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}", null, 400, null));
        c.add(with(model, "subject as number", "subject", 42, 400, "subject"));
        c.add(with(model, "subject as object", "subject", Map.of("$ne", ""), 400, "subject"));
        c.add(with(model, "targetTrue as boolean", "targetTrue", true, 400, "targetTrue"));
        c.add(with(model, "evidence as string", "evidenceLinks", "https://example.org", 400, "evidenceLinks"));
        c.add(with(model, "evidence with number", "evidenceLinks", List.of(7), 400, "evidenceLinks[0]"));
        c.add(with(model, "missing subject", "subject", null, 400, "subject"));
        c.add(with(model, "missing rationale", "rationale", null, 400, "rationale"));
        c.add(with(model, "blank rationale", "rationale", "   \n ", 400, "rationale"));
        c.add(with(model, "prompt without {}", "prompt", "The mother tongue of", 400, "prompt"));
        c.add(with(model, "prompt with {} twice", "prompt", "{} and {} speak", 400, "prompt"));
        c.add(with(model, "prompt with format braces", "prompt", "{0} is a native speaker of", 400, "prompt"));
        c.add(with(model, "huge subject", "subject", "S".repeat(600), 400, "subject"));
        c.add(with(model, "huge rationale", "rationale", "R".repeat(20_000), 400, "rationale"));
        c.add(with(model, "body over the size limit", "rationale", "R".repeat(300_000), 413, null));
        c.add(with(model, "mass assignment of state", "state", "APPROVED", 400, "state"));
        c.add(with(model, "mass assignment of proposer", "proposer", BOB, 400, "proposer"));
        c.add(with(model, "SQL injection as model", "modelId", "x'; DROP TABLE edit_request; --", 400, "modelId"));
        c.add(with(model, "script as model", "modelId", "<script>alert(1)</script>", 400, "modelId"));
        c.add(with(model, "unknown model", "modelId", "no-such-model", 400, "modelId"));
        c.add(with(model, "NUL byte in subject", "subject", "Danielle\u0000Darrieux", 400, "subject"));
        c.add(with(model, "bell in target", "targetNew", "Eng\u0007lish", 400, "targetNew"));
        c.add(with(model, "newline in subject", "subject", "Danielle\nDarrieux", 400, "subject"));
        c.add(with(model, "javascript evidence", "evidenceLinks", List.of("javascript:alert(1)"), 400, "evidenceLinks[0]"));
        c.add(with(model, "relative evidence", "evidenceLinks", List.of("/etc/passwd"), 400, "evidenceLinks[0]"));
        c.add(with(model, "too much evidence", "evidenceLinks",
                java.util.Collections.nCopies(21, "https://example.org/a"), 400, "evidenceLinks"));
        c.add(new Hostile("text/plain body", ALICE, "POST", "/api/edits", "text/plain", toJson(edit(model)), null, 415, null));
        c.add(new Hostile("XML body", ALICE, "POST", "/api/edits", "application/xml",
                "<edit><subject>x</subject></edit>", null, 415, null));
        c.add(new Hostile("idempotency key with spaces", ALICE, "POST", "/api/edits", json, toJson(edit(model)),
                Map.of("Idempotency-Key", "a key with spaces"), 400, "Idempotency-Key"));
        Map<String, Object> badModel = Fixtures.modelBody("../etc/passwd");
        c.add(new Hostile("model id with path", OLGA, "POST", "/api/models", json, toJson(badModel), null, 400, "id"));
        Map<String, Object> badGates = Fixtures.modelBody(Fixtures.newModelId("gates"));
        badGates.put("gates", Map.of("minEfficacySuccess", 1.5, "minParaphraseSuccess", 0.5,
                "minNeighborhoodSuccess", 0.5, "maxFluencyDrop", 0.1));
        c.add(new Hostile("gate above one", OLGA, "POST", "/api/models", json, toJson(badGates), null, 400,
                "gates.minEfficacySuccess"));
        Map<String, Object> noGates = Fixtures.modelBody(Fixtures.newModelId("nogates"));
        noGates.remove("gates");
        c.add(new Hostile("model without gates", OLGA, "POST", "/api/models", json, toJson(noGates), null, 400, "gates"));
        c.add(new Hostile("cron that is SQL", OLGA, "PUT", "/api/models/" + model + "/batch-policy", json,
                toJson(Map.of("cron", "'; DELETE FROM batch; --")), null, 400, "cron"));
        c.add(new Hostile("batch size overflow", OLGA, "PUT", "/api/models/" + model + "/batch-policy", json,
                "{\"maxSize\": 100000000000000000000}", null, 400, "maxSize"));
        c.add(new Hostile("empty policy", OLGA, "PUT", "/api/models/" + model + "/batch-policy", json, "{}", null, 400, "cron"));
        c.add(new Hostile("review decision injection", BOB, "POST", "/api/edits/" + edit + "/review", json,
                toJson(Map.of("decision", "APPROVE; DROP TABLE review")), null, 400, "decision"));
        c.add(new Hostile("rollback version as text", OLGA, "POST", "/api/models/" + model + "/rollback", json,
                toJson(Map.of("targetVersion", "one", "reason", "x")), null, 400, "targetVersion"));
        c.add(new Hostile("rollback to a negative version", OLGA, "POST", "/api/models/" + model + "/rollback", json,
                toJson(Map.of("targetVersion", -1, "reason", "x")), null, 400, "targetVersion"));
        c.add(new Hostile("rollback without reason", OLGA, "POST", "/api/models/" + model + "/rollback", json,
                toJson(Map.of("targetVersion", 0)), null, 400, "reason"));
        c.add(new Hostile("edit id that is not a UUID", ALICE, "GET", "/api/edits/1%20OR%201=1", null, null, null, 404, null));
        c.add(new Hostile("search text with control characters", ALICE, "GET", "/api/edits?q=%00", null, null, null, 400, "q"));
        return c;
    }

    private static Hostile with(String model, String name, String field, Object value, int status, String expectedField) {
        Map<String, Object> body = edit(model);
        if (value == null) {
            body.remove(field);
        } else {
            body.put(field, value);
        }
        return new Hostile(name, ALICE, "POST", "/api/edits", "application/json", toJson(body), null, status, expectedField);
    }

    private static Map<String, Object> edit(String model) {
        return new LinkedHashMap<>(Fixtures.editBody(model, "Hostile subject", "Other target"));
    }

    private static String toJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sent as raw bytes with the JDK's client, so nothing between the test and the server rewrites them. */
    private HttpResponse<String> send(Hostile h) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(h.path()))
                .header("Authorization", Users.bearer(h.user()))
                .header("Accept", "application/json, application/problem+json");
        if (h.headers() != null) {
            h.headers().forEach(request::header);
        }
        if (h.contentType() != null) {
            request.header("Content-Type", h.contentType() + "; charset=UTF-8");
            request.method(h.method(), HttpRequest.BodyPublishers.ofString((String) h.body()));
        } else {
            request.method(h.method(), HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What these requests could have stored. */
    private long[] stored() {
        return QuarkusTransaction.requiringNew().call(() -> new long[] {
                count("SELECT count(*) FROM edit_request"),
                count("SELECT count(*) FROM edit_state_change"),
                count("SELECT count(*) FROM model"),
                count("SELECT count(*) FROM batch_policy"),
                count("SELECT count(*) FROM model_rollback"),
                count("SELECT count(*) FROM outbox_event WHERE event_type IN ('edit.proposed', 'edit.reviewed',"
                        + " 'edit.withdrawn', 'model.rollback.requested')")});
    }

    private long count(String sql) {
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }
}

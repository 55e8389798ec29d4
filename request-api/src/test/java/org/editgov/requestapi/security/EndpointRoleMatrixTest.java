package org.editgov.requestapi.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.assertj.core.api.SoftAssertions;
import org.editgov.requestapi.support.Fixtures;
import org.editgov.requestapi.support.Users;
import org.editgov.testsupport.RealServersTestResource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.editgov.requestapi.support.Users.ADA;
import static org.editgov.requestapi.support.Users.ALICE;
import static org.editgov.requestapi.support.Users.BOB;
import static org.editgov.requestapi.support.Users.OLGA;
import static org.editgov.requestapi.support.Users.SAM;

/**
 * Every endpoint against every kind of caller: no token (401), a forged token (401), a valid token
 * without a platform role (a service account, 403), and each demo user, allowed exactly where the
 * endpoint's roles say.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "request_api"), @ResourceArg(name = "client", value = "request-api")})
class EndpointRoleMatrixTest {

    private static final Set<String> EVERY_ROLE = Set.of(ALICE, BOB, OLGA, ADA, SAM);
    private static final Set<String> OPERATOR = Set.of(OLGA);
    private static final Set<String> OPERATOR_AUDITOR = Set.of(OLGA, ADA);
    private static final Set<String> PROPOSER = Set.of(ALICE, SAM);
    private static final Set<String> REVIEWER = Set.of(BOB, SAM);
    private static final String NO_TOKEN = "(no token)";
    private static final String FORGED = "(forged token)";
    private static final String SERVICE = "(service account without roles)";
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** One endpoint: method, concrete path, a body factory (fresh per call) and who may call it. */
    private record Endpoint(String method, String path, Supplier<Object> body, Set<String> allowed) {
    }

    @Test
    void everyEndpointAdmitsExactlyItsRoles() {
        String model = Fixtures.registerModel("matrix");
        String edit = Fixtures.propose(ALICE, model, "Matrix subject", "Matrix target");
        String nobody = UUID.randomUUID().toString();
        List<Endpoint> endpoints = endpoints(model, edit, nobody);

        List<String> callers = new ArrayList<>(List.of(NO_TOKEN, FORGED, SERVICE));
        callers.addAll(List.of(ALICE, BOB, OLGA, ADA, SAM));
        Map<String, String> bearers = new LinkedHashMap<>();
        bearers.put(FORGED, forge(Users.bearer(ALICE)));
        bearers.put(SERVICE, Users.serviceBearer("editor-worker"));
        for (String user : EVERY_ROLE) {
            bearers.put(user, Users.bearer(user));
        }

        SoftAssertions softly = new SoftAssertions();
        int calls = 0;
        for (Endpoint endpoint : endpoints) {
            for (String caller : callers) {
                Response response = call(endpoint, bearers.get(caller));
                calls++;
                String what = endpoint.method() + " " + endpoint.path() + " as " + caller + " -> " + response.asString();
                int status = response.statusCode();
                if (caller.equals(NO_TOKEN) || caller.equals(FORGED)) {
                    softly.assertThat(status).as(what).isEqualTo(401);
                    softly.assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer");
                } else if (endpoint.allowed().contains(caller)) {
                    softly.assertThat(status).as(what).isNotIn(401, 403).isLessThan(500);
                } else {
                    softly.assertThat(status).as(what).isEqualTo(403);
                    softly.assertThat(response.contentType()).as(what).startsWith("application/problem+json");
                }
            }
        }
        softly.assertThat(calls).isEqualTo(endpoints.size() * callers.size());
        softly.assertAll();
    }

    @Test
    void theTableListsEveryEndpointTheApplicationServes() {
        Map<String, Map<String, Object>> paths = RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> served = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(HTTP_METHODS::contains)
                .forEach(method -> served.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        // With "{id}" for every identifier, the table's paths are the OpenAPI document's path templates.
        Set<String> tabled = new TreeSet<>();
        for (Endpoint endpoint : endpoints("{id}", "{id}", "{id}")) {
            tabled.add(endpoint.method() + " " + endpoint.path());
        }
        assertThat(served).as("the OpenAPI document's operations under /api")
                .filteredOn(operation -> operation.contains(" /api/")).containsExactlyInAnyOrderElementsOf(tabled);
    }

    /** The endpoints of the README's table on the given model and edit; {@code nobody} names nothing. */
    private static List<Endpoint> endpoints(String model, String edit, String nobody) {
        return List.of(
                new Endpoint("POST", "/api/models", () -> Fixtures.modelBody(Fixtures.newModelId("matrix")), OPERATOR),
                new Endpoint("GET", "/api/models", null, EVERY_ROLE),
                new Endpoint("GET", "/api/models/" + model, null, EVERY_ROLE),
                new Endpoint("GET", "/api/models/" + model + "/versions", null, OPERATOR_AUDITOR),
                new Endpoint("GET", "/api/models/" + model + "/versions/current", null, EVERY_ROLE),
                new Endpoint("POST", "/api/models/" + model + "/rollback",
                        () -> Map.of("targetVersion", 0, "reason", "matrix"), OPERATOR),
                new Endpoint("PUT", "/api/models/" + model + "/batch-policy", () -> Map.of("maxSize", 50_000), OPERATOR),
                new Endpoint("GET", "/api/models/" + model + "/batch-policy", null, OPERATOR_AUDITOR),
                new Endpoint("DELETE", "/api/models/" + model + "/batch-policy", null, OPERATOR),
                new Endpoint("POST", "/api/models/" + model + "/batches", null, OPERATOR),
                new Endpoint("GET", "/api/models/" + model + "/batches", null, OPERATOR_AUDITOR),
                new Endpoint("GET", "/api/batches/" + nobody, null, OPERATOR_AUDITOR),
                new Endpoint("POST", "/api/edits", () -> proposal(model), PROPOSER),
                new Endpoint("GET", "/api/edits", null, EVERY_ROLE),
                new Endpoint("GET", "/api/edits/" + edit, null, EVERY_ROLE),
                new Endpoint("POST", "/api/edits/" + nobody + "/withdraw", () -> Map.of("comment", "matrix"), PROPOSER),
                new Endpoint("POST", "/api/edits/" + nobody + "/review",
                        () -> Map.of("decision", "REJECT", "comment", "matrix"), REVIEWER));
    }

    @Test
    void healthAndOpenApiStayOpenForProbesAndTools() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().get("/q/openapi").then().statusCode(200);
    }

    private static Map<String, Object> proposal(String model) {
        return Fixtures.editBody(model, "Matrix subject " + UUID.randomUUID(), "Matrix target");
    }

    /** The same claims with the signature's last characters changed: Keycloak never signed this. */
    private static String forge(String bearer) {
        String last = bearer.substring(bearer.length() - 4);
        return bearer.substring(0, bearer.length() - 4) + (last.equals("AAAA") ? "BBBB" : "AAAA");
    }

    private static Response call(Endpoint endpoint, String bearer) {
        RequestSpecification request = RestAssured.given().accept("application/json");
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        if (endpoint.body() != null) {
            request.contentType("application/json").body(endpoint.body().get());
        }
        return request.request(endpoint.method(), endpoint.path());
    }
}

package org.editgov.requestapi.support;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.editgov.testsupport.Servers;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/**
 * Real tokens for the demo users of realm {@code edits} (password grant through the public web-ui
 * client), cached for a minute so a test run asks Keycloak once per user rather than once per request.
 */
public final class Users {

    public static final String ALICE = "alice";
    public static final String BOB = "bob";
    public static final String OLGA = "olga";
    public static final String ADA = "ada";
    public static final String SAM = "sam";

    private record Cached(String bearer, Instant fetched) {
    }

    private static final Map<String, Cached> TOKENS = new ConcurrentHashMap<>();

    private Users() {
    }

    public static String bearer(String user) {
        Cached cached = TOKENS.compute(user, (name, old) -> old != null
                && old.fetched().isAfter(Instant.now().minus(Duration.ofMinutes(1)))
                ? old
                : new Cached(Servers.shared().keycloak().tokenFor(name).bearer(), Instant.now()));
        return cached.bearer();
    }

    /** A service's token (client credentials): valid, but with none of the platform's roles. */
    public static String serviceBearer(String clientId) {
        return Servers.shared().keycloak().clientCredentials(clientId).bearer();
    }

    /** A JSON request as this user. */
    public static RequestSpecification as(String user) {
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON).accept(ContentType.JSON);
    }
}

package org.editgov.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An access token as Keycloak issued it, with its claims decoded. The signature is not checked
 * here: the services do that; tests use the claims to see what a service will see.
 */
public record Token(String raw, JsonNode claims) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Token decode(String raw) {
        String[] parts = raw.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT: expected three dot-separated parts, got " + parts.length);
        }
        try {
            return new Token(raw, JSON.readTree(Base64.getUrlDecoder().decode(parts[1])));
        } catch (IOException e) {
            throw new UncheckedIOException("JWT payload is not JSON", e);
        }
    }

    public Set<String> realmRoles() {
        return strings(claims.path("realm_access").path("roles"));
    }

    /** The {@code aud} claim, which JWT allows to be one string or an array. */
    public Set<String> audience() {
        return strings(claims.path("aud"));
    }

    public String issuer() {
        return claims.path("iss").asText();
    }

    public String username() {
        return claims.path("preferred_username").asText();
    }

    /** The client the token was issued to. */
    public String authorizedParty() {
        return claims.path("azp").asText();
    }

    /** The value for an HTTP {@code Authorization} header. */
    public String bearer() {
        return "Bearer " + raw;
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> values = new LinkedHashSet<>();
        if (node.isTextual()) {
            values.add(node.asText());
        }
        node.forEach(element -> values.add(element.asText()));
        return values;
    }
}

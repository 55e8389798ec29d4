package org.editgov.audit.support;

import org.editgov.testsupport.Servers;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real Keycloak tokens of the realm's demo users, cached for a minute. */
public final class Users {

    private record Cached(String raw, Instant fetched) {
    }

    private static final Map<String, Cached> TOKENS = new ConcurrentHashMap<>();

    private Users() {
    }

    public static String token(String user) {
        return TOKENS.compute(user, (name, old) -> old != null
                && old.fetched().isAfter(Instant.now().minus(Duration.ofMinutes(1))) ? old
                : new Cached(Servers.shared().keycloak().tokenFor(name).raw(), Instant.now())).raw();
    }

    public static String bearer(String user) {
        return "Bearer " + token(user);
    }
}

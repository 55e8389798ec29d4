package org.editgov.contracts;

import java.util.Objects;

/**
 * Who caused an event. For a person, {@code id} is the Keycloak username ({@code preferred_username});
 * for a service, its client id (e.g. {@code request-api}).
 */
public record Actor(String id, Kind kind) {

    public enum Kind { USER, SERVICE }

    public Actor {
        Objects.requireNonNull(id, "actor.id");
        Objects.requireNonNull(kind, "actor.kind");
    }

    public static Actor user(String username) {
        return new Actor(username, Kind.USER);
    }

    public static Actor service(String clientId) {
        return new Actor(clientId, Kind.SERVICE);
    }
}

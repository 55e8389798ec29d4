package org.editgov.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * deploy/keycloak/realm.json read as data, so that tests take demo users, passwords and roles
 * from the file Keycloak imported instead of repeating them.
 */
public record RealmFile(String realm, Set<String> realmRoles, List<DemoUser> users, List<String> clientIds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RealmFile {
        realmRoles = Set.copyOf(realmRoles);
        users = List.copyOf(users);
        clientIds = List.copyOf(clientIds);
    }

    public static RealmFile read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read realm file " + file, e);
        }
        Set<String> roles = new LinkedHashSet<>();
        root.path("roles").path("realm").forEach(role -> roles.add(role.path("name").asText()));
        List<DemoUser> users = new ArrayList<>();
        for (JsonNode user : root.path("users")) {
            Set<String> userRoles = new LinkedHashSet<>();
            user.path("realmRoles").forEach(role -> userRoles.add(role.asText()));
            String password = "";
            for (JsonNode credential : user.path("credentials")) {
                if ("password".equals(credential.path("type").asText())) {
                    password = credential.path("value").asText();
                }
            }
            users.add(new DemoUser(user.path("username").asText(), password, userRoles));
        }
        List<String> clients = new ArrayList<>();
        root.path("clients").forEach(client -> clients.add(client.path("clientId").asText()));
        return new RealmFile(root.path("realm").asText(), roles, users, clients);
    }

    public DemoUser user(String username) {
        return users.stream()
                .filter(user -> user.username().equals(username))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo user " + username + " in realm " + realm));
    }

    /** A user of the local realm; the password is for local use only and documented in the README. */
    public record DemoUser(String username, String password, Set<String> realmRoles) {

        public DemoUser {
            realmRoles = Set.copyOf(realmRoles);
        }
    }
}

package org.editgov.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository and its {@code .local} folder are. The parent pom passes both to every
 * test as the system properties {@code editgov.root} and {@code editgov.local.dir}; outside
 * Maven the repository is found by walking up from the working directory. An
 * {@code EDITGOV_LOCAL_DIR} in the environment wins over the property, as it does for
 * deploy/local/up, so tests and the scripts always agree on the folder.
 */
public record ProjectPaths(Path root, Path localDir) {

    public static ProjectPaths detect() {
        Path root = firstSet(System.getProperty("editgov.root"), System.getenv("EDITGOV_ROOT"));
        if (root == null) {
            root = findRoot(Path.of("").toAbsolutePath());
        }
        Path local = firstSet(System.getenv("EDITGOV_LOCAL_DIR"), System.getProperty("editgov.local.dir"));
        return new ProjectPaths(root, local != null ? local : root.resolve(".local"));
    }

    public Path upScript() {
        return root.resolve("deploy/local/up");
    }

    public Path realmFile() {
        return root.resolve("deploy/keycloak/realm.json");
    }

    private static Path firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return Path.of(value).toAbsolutePath().normalize();
            }
        }
        return null;
    }

    private static Path findRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/up"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no editgov checkout (deploy/local/up) above " + start
                + "; set -Deditgov.root=<repository>");
    }
}

package org.editgov.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository and its {@code .local} folder are. The parent pom passes both to every
 * test as the system properties {@code editgov.root} and {@code editgov.local.dir}; outside
 * Maven the repository is found by walking up from the working directory, and the local folder
 * follows {@code EDITGOV_LOCAL_DIR} as deploy/local/up does.
 */
public record ProjectPaths(Path root, Path localDir) {

    public static ProjectPaths detect() {
        Path root = configured("editgov.root", "EDITGOV_ROOT");
        if (root == null) {
            root = findRoot(Path.of("").toAbsolutePath());
        }
        Path local = configured("editgov.local.dir", "EDITGOV_LOCAL_DIR");
        return new ProjectPaths(root, local != null ? local : root.resolve(".local"));
    }

    public Path upScript() {
        return root.resolve("deploy/local/up");
    }

    public Path realmFile() {
        return root.resolve("deploy/keycloak/realm.json");
    }

    private static Path configured(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : Path.of(value).toAbsolutePath().normalize();
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

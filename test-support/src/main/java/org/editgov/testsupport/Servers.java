package org.editgov.testsupport;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The real servers integration tests talk to, and how to reach them. {@link #shared()} starts
 * them (once per JVM) if they are not running.
 */
public record Servers(ProjectPaths paths, Postgres postgres, Kafka kafka, Keycloak keycloak) {

    /** The servers of this checkout, started by deploy/local/up if needed. */
    public static Servers shared() {
        return LocalServers.ensureRunning();
    }

    /** Reads the connection facts deploy/local/up wrote under the local folder. */
    static Servers fromLocalDir(ProjectPaths paths) {
        Path serversFile = paths.localDir().resolve("servers.env");
        Path secretsFile = paths.localDir().resolve("secrets.env");
        Map<String, String> servers = EnvFile.read(serversFile);
        Map<String, String> secrets = EnvFile.read(secretsFile);

        Postgres postgres = new Postgres(
                EnvFile.require(servers, "EDITGOV_POSTGRES_HOST", serversFile),
                Integer.parseInt(EnvFile.require(servers, "EDITGOV_POSTGRES_PORT", serversFile)),
                list(EnvFile.require(servers, "EDITGOV_DATABASES", serversFile)));
        Kafka kafka = new Kafka(
                EnvFile.require(servers, "EDITGOV_KAFKA_BOOTSTRAP_SERVERS", serversFile),
                list(EnvFile.require(servers, "EDITGOV_KAFKA_TOPICS", serversFile)),
                Integer.parseInt(EnvFile.require(servers, "EDITGOV_KAFKA_PARTITIONS", serversFile)));

        RealmFile realm = RealmFile.read(paths.realmFile());
        Map<String, String> clientSecrets = new LinkedHashMap<>();
        for (String clientId : realm.clientIds()) {
            String secret = secrets.get(secretVariable(clientId));
            if (secret != null) {
                clientSecrets.put(clientId, secret);
            }
        }
        Keycloak keycloak = new Keycloak(
                URI.create(EnvFile.require(servers, "EDITGOV_KEYCLOAK_URL", serversFile)),
                EnvFile.require(servers, "EDITGOV_KEYCLOAK_REALM", serversFile),
                realm,
                clientSecrets);
        return new Servers(paths, postgres, kafka, keycloak);
    }

    /** The variable of .local/secrets.env holding a client's secret: request-api -> EDITGOV_REQUEST_API_CLIENT_SECRET. */
    public static String secretVariable(String clientId) {
        return "EDITGOV_" + clientId.toUpperCase(Locale.ROOT).replace('-', '_') + "_CLIENT_SECRET";
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

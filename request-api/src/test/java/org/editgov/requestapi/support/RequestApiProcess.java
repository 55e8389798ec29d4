package org.editgov.requestapi.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.editgov.testsupport.PackagedService;
import org.editgov.testsupport.Servers;

/**
 * A packaged request-api ({@code target/quarkus-app/quarkus-run.jar}) running as its own operating-system
 * process on a free loopback port, against the real servers of deploy/local, as a deployment with several
 * instances would run it. Every instance started with the same schema shares one database, one outbox and
 * one consumer group, so only the row locks in the database keep them from stepping on each other.
 */
public final class RequestApiProcess implements AutoCloseable {

    /** Where failsafe says the packaged application is (see request-api/pom.xml). */
    public static final String JAR_PROPERTY = "editgov.request-api.jar";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final PackagedService service;

    private RequestApiProcess(PackagedService service) {
        this.service = service;
    }

    /**
     * Starts an instance on a free port with its own schema and consumer group (so neither a running
     * platform nor the {@code @QuarkusTest}s share its rows or its results) and waits until it is ready.
     */
    public static RequestApiProcess start(String name, String schema, String consumerGroup, Path logDir) {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        Servers servers = Servers.shared();
        List<String> options = List.of(
                "-Xmx256m",
                // Flyway keeps the schema; every connection works in it.
                "-Dquarkus.flyway.schemas=" + schema,
                "-Dquarkus.datasource.jdbc.additional-jdbc-properties.currentSchema=" + schema,
                "-Dmp.messaging.connector.smallrye-kafka.group.id=" + consumerGroup,
                // Results published before this instance started concern batches it never cut.
                "-Dmp.messaging.connector.smallrye-kafka.auto.offset.reset=latest");
        Map<String, String> environment = Map.of(
                "REQUEST_API_DB_URL", servers.postgres().database("request_api").jdbcUrl(),
                "KAFKA_BOOTSTRAP_SERVERS", servers.kafka().bootstrapServers(),
                "KEYCLOAK_URL", servers.keycloak().baseUrl().toString(),
                "EDITGOV_REQUEST_API_CLIENT_SECRET", servers.keycloak().clientSecret("request-api"));
        PackagedService service = PackagedService.start(name, jar, options, environment, logDir);
        return new RequestApiProcess(service.awaitHealthy("/q/health/ready", START_TIMEOUT));
    }

    public String name() {
        return service.name();
    }

    public int port() {
        return service.port();
    }

    public String baseUrl() {
        return service.baseUrl();
    }

    public boolean isAlive() {
        return service.isAlive();
    }

    /** The last lines of the instance's output, for failure messages. */
    public String logTail() {
        return service.logTail();
    }

    /** Stops the instance as an orchestrator would (SIGTERM), and kills it if it does not stop in time. */
    @Override
    public void close() {
        service.close();
    }
}

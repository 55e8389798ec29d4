package org.editgov.requestapi.support;

import org.editgov.testsupport.Servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private RequestApiProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts an instance on a free port with its own schema and consumer group (so neither a running
     * platform nor the {@code @QuarkusTest}s share its rows or its results) and waits until it is ready.
     */
    public static RequestApiProcess start(String name, String schema, String consumerGroup, Path logDir) {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; package request-api first (mvn -pl request-api package)");
        }
        Servers servers = Servers.shared();
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // Flyway keeps the schema; every connection works in it.
                "-Dquarkus.flyway.schemas=" + schema,
                "-Dquarkus.datasource.jdbc.additional-jdbc-properties.currentSchema=" + schema,
                "-Dmp.messaging.connector.smallrye-kafka.group.id=" + consumerGroup,
                // Results published before this instance started concern batches it never cut.
                "-Dmp.messaging.connector.smallrye-kafka.auto.offset.reset=latest",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path log = logDir.resolve(name + ".log");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        builder.redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("REQUEST_API_DB_URL", servers.postgres().database("request_api").jdbcUrl());
        env.put("KAFKA_BOOTSTRAP_SERVERS", servers.kafka().bootstrapServers());
        env.put("KEYCLOAK_URL", servers.keycloak().baseUrl().toString());
        env.put("EDITGOV_REQUEST_API_CLIENT_SECRET", servers.keycloak().clientSecret("request-api"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
        RequestApiProcess instance = new RequestApiProcess(name, port, process, log);
        instance.awaitReady();
        return instance;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of the instance's output, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; "
                        + log + ":\n" + logTail());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Still starting; ask again below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(Duration.ofMillis(500));
        }
        close();
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT + "; " + log + ":\n" + logTail());
    }

    /** Stops the instance as an orchestrator would (SIGTERM), and kills it if it does not stop in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

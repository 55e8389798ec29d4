package org.editgov.worker.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged worker ({@code target/quarkus-app/quarkus-run.jar}) run as a separate JVM, as
 * {@code bin/platform} runs it: started with its configuration as system properties, its output in
 * a log file, and killed the way a crash kills it ({@link #kill()}: SIGKILL, no shutdown hooks).
 */
public final class WorkerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private WorkerProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** The jar failsafe names (-Deditgov.worker.jar), else the module's own build output. */
    public static Path jar() {
        return Path.of(System.getProperty("editgov.worker.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    }

    /** Starts the worker with {@code config} (Quarkus and editgov properties) on a free port, its log under {@code logs}. */
    public static WorkerProcess start(String name, Map<String, String> config, Path logs) throws IOException {
        if (!Files.isRegularFile(jar())) {
            throw new IllegalStateException(jar() + " does not exist: package the module first (mvn package)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx512m", "-Dai.djl.offline=true",
                "-Dai.djl.default_engine=PyTorch", "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar().toString());
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar().getParent().getParent().getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        // Two workers share two cores with the test: one intra-op thread each, no spinning.
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return new WorkerProcess(name, port, log, builder.start());
    }

    /** Waits until the worker's liveness check (which includes the consumer thread) answers UP. */
    public WorkerProcess awaitUp(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("worker " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (health().filter("UP"::equals).isPresent()) {
                return this;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("worker " + name + " not UP within " + timeout + "; see " + log);
    }

    /** The liveness status ("UP", "DOWN"), empty while the HTTP server does not answer. */
    public Optional<String> health() {
        return get("/q/health/live", null).map(body -> body.path("status").asText());
    }

    /** The batch's phase on this worker, empty if the batch has not reached it. */
    public Optional<String> phase(String batchId, String bearer) {
        return get("/api/batches/" + batchId + "/progress", bearer).map(body -> body.path("phase").asText());
    }

    private Optional<JsonNode> get(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            // Liveness answers 503 with a body when DOWN.
            if (response.statusCode() == 200 || response.statusCode() == 503 && path.startsWith("/q/health")) {
                return Optional.of(JSON.readTree(response.body()));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The Kafka client id the worker's consumer uses (it names its process id). */
    public String clientId() {
        return "editor-worker-" + process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook runs, the consumer leaves no goodbye, work in progress is cut where it stands. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("worker " + name + " survived SIGKILL");
        }
    }

    /** A normal stop (SIGTERM), as at the end of a test. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

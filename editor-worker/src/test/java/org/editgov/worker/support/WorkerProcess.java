package org.editgov.worker.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.editgov.testsupport.PackagedService;

/**
 * The packaged worker ({@code target/quarkus-app/quarkus-run.jar}) run as a separate JVM, as
 * {@code bin/platform} runs it: started with its configuration as system properties, its output in
 * a log file, and killed the way a crash kills it ({@link #kill()}: SIGKILL, no shutdown hooks).
 */
public final class WorkerProcess implements AutoCloseable {

    /** Intra-op threads of each worker process (default 1). */
    public static final String THREADS_PROPERTY = "editgov.worker.threads";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final PackagedService service;

    private WorkerProcess(PackagedService service) {
        this.service = service;
    }

    /** The jar failsafe names (-Deditgov.worker.jar), else the module's own build output. */
    public static Path jar() {
        return Path.of(System.getProperty("editgov.worker.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    }

    /** Starts the worker with {@code config} (Quarkus and editgov properties) on a free port, its log under {@code logs}. */
    public static WorkerProcess start(String name, Map<String, String> config, Path logs) {
        List<String> options = new ArrayList<>(List.of("-Xmx512m", "-Dai.djl.offline=true", "-Dai.djl.default_engine=PyTorch"));
        config.forEach((key, value) -> options.add("-D" + key + "=" + value));
        // Two workers share two cores with the test: one intra-op thread each, no spinning. The
        // benchmark gives its single worker the threads the engine alone has.
        Map<String, String> environment = Map.of("OPT_OUT_TRACKING", "true",
                "OMP_NUM_THREADS", Integer.toString(Integer.getInteger(THREADS_PROPERTY, 1)),
                "OMP_WAIT_POLICY", "PASSIVE");
        return new WorkerProcess(PackagedService.start(name, jar(), options, environment, logs));
    }

    /** Waits until the worker's liveness check (which includes the consumer thread) answers UP. */
    public WorkerProcess awaitUp(Duration timeout) {
        service.awaitHealthy("/q/health/live", timeout);
        return this;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
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
        return "editor-worker-" + service.pid();
    }

    public boolean isAlive() {
        return service.isAlive();
    }

    public Path log() {
        return service.log();
    }

    /** SIGKILL: no shutdown hook runs, the consumer leaves no goodbye, work in progress is cut where it stands. */
    public void kill() {
        service.kill();
    }

    /** A normal stop (SIGTERM), as at the end of a test. */
    @Override
    public void close() {
        service.close();
    }
}

package org.editgov.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.editgov.testsupport.ProjectPaths;
import org.editgov.testsupport.Servers;
import org.editgov.testsupport.Token;

/**
 * The running platform these tests talk to: started once per JVM with {@code bin/platform up --no-build}
 * (which starts only what is down and registers the embedded model), the services' addresses, the demo
 * users' tokens, and the few levers the fault tests pull (a server restarted through deploy/local, a
 * service stopped or killed by the PID bin/platform recorded).
 */
public final class Platform {

    public static final String MODEL = "embedded-gpt2";
    public static final URI WEB_UI = URI.create("http://127.0.0.1:8080");
    public static final URI REQUEST_API = URI.create("http://127.0.0.1:8081");
    public static final URI EDITOR_WORKER = URI.create("http://127.0.0.1:8082");
    public static final URI AUDIT_SERVICE = URI.create("http://127.0.0.1:8083");

    /** Keycloak's tokens live 15 minutes (realm.json); a fresh one after 5 leaves a wide margin. */
    private static final Duration TOKEN_REUSE = Duration.ofMinutes(5);
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(10);

    private static Platform shared;

    private final ProjectPaths paths;
    private final Servers servers;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Long> tokenTimes = new ConcurrentHashMap<>();

    private int baselineVersion = -1;

    private Platform(ProjectPaths paths, Servers servers) {
        this.paths = paths;
        this.servers = servers;
    }

    /** The embedded model's version when this JVM first met the platform: the suite restores it at the end. */
    public synchronized int baselineVersion() {
        return baselineVersion;
    }

    /** The platform, started (or completed) by bin/platform up --no-build on first use in this JVM. */
    public static synchronized Platform shared() {
        if (shared == null) {
            ProjectPaths paths = ProjectPaths.detect();
            up(paths);
            shared = new Platform(paths, Servers.shared());
            shared.baselineVersion = shared.requestApi("olga").get("/api/models/" + MODEL).expect(200)
                    .path("currentVersion").asInt();
            Progress.say(MODEL + " is at version " + shared.baselineVersion + "; the suite rolls it back there at the end");
        }
        return shared;
    }

    private static void up(ProjectPaths paths) {
        Progress.say("bin/platform up --no-build (starts whatever is down)");
        int exit = run(paths, UP_TIMEOUT, List.of(paths.root().resolve("bin/platform").toString(), "up", "--no-build"));
        if (exit != 0) {
            throw new IllegalStateException("bin/platform up --no-build failed (exit " + exit + "); see its output above and "
                    + paths.localDir().resolve("logs"));
        }
    }

    /** Starts again whatever is down (a stopped or killed service), waiting until everything is healthy. */
    public void upAgain() {
        up(paths);
    }

    public Path root() {
        return paths.root();
    }

    /** The shared CounterFact file, next to the checkout. */
    public Path counterfact() {
        return paths.root().resolve("../shared/data/counterfact/counterfact-edit.json").normalize();
    }

    /** A bearer token of a demo user (password grant of the realm's public client), renewed every few minutes. */
    public String bearer(String user) {
        long now = System.nanoTime();
        Long fetched = tokenTimes.get(user);
        if (fetched == null || now - fetched > TOKEN_REUSE.toNanos()) {
            tokens.put(user, servers.keycloak().tokenFor(user));
            tokenTimes.put(user, now);
        }
        return tokens.get(user).bearer();
    }

    public Api requestApi(String user) {
        return new Api(REQUEST_API, () -> bearer(user));
    }

    /** The web page's origin: its proxy forwards /api/models/{id}/answer to the editor worker. */
    public Api webUi(String user) {
        return new Api(WEB_UI, () -> bearer(user));
    }

    public Api auditService(String user) {
        return new Api(AUDIT_SERVICE, () -> bearer(user));
    }

    public Api editorWorker(String user) {
        return new Api(EDITOR_WORKER, () -> bearer(user));
    }

    /**
     * {@code deploy/local/restart SERVER SECONDS}, started and not awaited: the caller goes on while the
     * server is down and waits for the returned process to know it is back.
     */
    public Process restartServer(String server, int secondsDown) {
        Progress.say("deploy/local/restart " + server + " " + secondsDown);
        try {
            ProcessBuilder builder = new ProcessBuilder(paths.root().resolve("deploy/local/restart").toString(), server,
                    Integer.toString(secondsDown)).directory(paths.root().toFile()).inheritIO();
            builder.environment().put("EDITGOV_LOCAL_DIR", paths.localDir().toString());
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run deploy/local/restart", e);
        }
    }

    public static void awaitExit(Process process, Duration timeout, String what) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " failed with exit " + process.exitValue());
        }
    }

    /** The process of a service bin/platform started, by its PID file, checked against its command line. */
    public ProcessHandle service(String name) {
        Path pidFile = paths.localDir().resolve("run/" + name + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            String jar = name + "/target/quarkus-app/quarkus-run.jar";
            return handle.filter(h -> h.info().commandLine().orElse("").contains(jar)).orElseThrow(
                    () -> new IllegalStateException(name + " (pid " + pid + " in " + pidFile + ") is not running"));
        } catch (IOException e) {
            throw new UncheckedIOException("no PID file for " + name + ": " + pidFile, e);
        }
    }

    /** SIGKILL (hard) or SIGTERM (orderly) to a service, waiting until it is gone. */
    public void stopService(String name, boolean kill) {
        ProcessHandle process = service(name);
        Progress.say((kill ? "SIGKILL to " : "SIGTERM to ") + name + " (pid " + process.pid() + ")");
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        process.onExit().orTimeout(60, TimeUnit.SECONDS).join();
    }

    /** Runs a command of the checkout with its output shown, returning its exit status. */
    public static int run(ProjectPaths paths, Duration timeout, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(paths.root().toFile()).inheritIO();
            builder.environment().put("EDITGOV_LOCAL_DIR", paths.localDir().toString());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    public ProjectPaths paths() {
        return paths;
    }

    /** Whether Kafka's broker port accepts connections now. */
    public boolean kafkaAnswers() {
        String[] hostPort = servers.kafka().bootstrapServers().split(",")[0].split(":");
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A model of a fault or load test's own, registered by the operator through the API like any other,
     * with no batch policy: its proposals never reach a batch and never crowd the embedded model's queue.
     */
    public String registerScratchModel(String prefix) {
        String id = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", id);
        body.put("displayName", "e2e scratch model " + id + " (no batch policy)");
        body.put("artifactLocation", "models/" + MODEL);
        body.put("architecture", "gpt2");
        body.put("editMethod", "MEMIT");
        body.put("editSettings", Map.of("artifact_location", root().resolve("models/" + MODEL).toString()));
        body.put("gates", Map.of("minEfficacySuccess", 0.8, "minParaphraseSuccess", 0.0, "minNeighborhoodSuccess", 0.0,
                "maxFluencyDrop", 1.0));
        requestApi("olga").post("/api/models", body).expect(201);
        Progress.say("olga registered scratch model " + id);
        return id;
    }
}

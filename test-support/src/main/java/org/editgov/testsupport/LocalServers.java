package org.editgov.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Runs deploy/local/up once per JVM and reads what it wrote. {@code up} is idempotent and takes
 * a lock, so test JVMs of several modules can call it together; when the servers already run it
 * returns in well under a second.
 */
final class LocalServers {

    private static final Logger LOG = Logger.getLogger(LocalServers.class.getName());
    private static final long UP_TIMEOUT_MINUTES = 15;

    private static Servers running;

    private LocalServers() {
    }

    static synchronized Servers ensureRunning() {
        if (running == null) {
            ProjectPaths paths = ProjectPaths.detect();
            if (DockerEngine.answers()) {
                LOG.info("A Docker engine answers; docker-compose.yml can run the same stack, "
                        + "but tests use the servers of deploy/local so that every machine tests alike.");
            }
            runUp(paths);
            running = Servers.fromLocalDir(paths);
        }
        return running;
    }

    private static void runUp(ProjectPaths paths) {
        Path log = paths.localDir().resolve("logs/up-from-tests.log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder("bash", paths.upScript().toString())
                    .directory(paths.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("EDITGOV_LOCAL_DIR", paths.localDir().toString());
            Process up = builder.start();
            if (!up.waitFor(UP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                up.destroy();
                throw new IllegalStateException("deploy/local/up did not finish within " + UP_TIMEOUT_MINUTES
                        + " minutes; see " + log);
            }
            if (up.exitValue() != 0) {
                throw new IllegalStateException("deploy/local/up failed (exit " + up.exitValue() + "); see " + log
                        + "\n" + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + paths.upScript(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the local servers", e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }
}

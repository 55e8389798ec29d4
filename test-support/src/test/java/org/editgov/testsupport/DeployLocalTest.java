package org.editgov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** deploy/local/up and status as their callers rely on them. */
@RealServers
class DeployLocalTest {

    private static final List<String> SERVERS = List.of("postgres", "kafka", "keycloak");

    @Test
    void upIsANoOpWhileTheServersRun(Servers servers) throws Exception {
        Map<String, String> before = recordedPids(servers.paths());

        Run up = run(servers.paths(), "deploy/local/up");

        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("servers healthy").doesNotContain("starting", "fetching", "initdb");
        assertThat(recordedPids(servers.paths())).isEqualTo(before);
    }

    @Test
    void statusReportsEveryServerRunningWithItsRecordedPid(Servers servers) throws Exception {
        Run status = run(servers.paths(), "deploy/local/status");

        assertThat(status.exitCode()).as(status.output()).isZero();
        recordedPids(servers.paths()).forEach((server, pid) ->
                assertThat(status.output()).containsPattern("(?m)^" + server + "\\s+running\\s+pid " + pid + "\\b"));
    }

    @Test
    void secretsFileIsReadableOnlyByItsOwner(Servers servers) throws IOException {
        Path secrets = servers.paths().localDir().resolve("secrets.env");
        assertThat(Files.getPosixFilePermissions(secrets).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    private static Map<String, String> recordedPids(ProjectPaths paths) throws IOException {
        Map<String, String> pids = new LinkedHashMap<>();
        for (String server : SERVERS) {
            pids.put(server, Files.readString(paths.localDir().resolve("run/" + server + ".pid")).strip());
        }
        return pids;
    }

    private static Run run(ProjectPaths paths, String script) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", paths.root().resolve(script).toString())
                .redirectErrorStream(true);
        builder.environment().put("EDITGOV_LOCAL_DIR", paths.localDir().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private record Run(int exitCode, String output) {
    }
}

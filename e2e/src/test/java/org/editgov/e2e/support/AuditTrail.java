package org.editgov.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** The audit log as the auditor ada reads it: history queries, the compliance report, bin/audit-verify. */
public final class AuditTrail {

    /** The audit service appends as it consumes from Kafka: seconds behind, more after an outage. */
    public static final Duration CATCH_UP = Duration.ofMinutes(3);

    private final Platform platform;

    public AuditTrail(Platform platform) {
        this.platform = platform;
    }

    private Api ada() {
        return platform.auditService("ada");
    }

    /** Every history entry matching {@code filter} ("edit=..."), in log order, all pages. */
    public List<JsonNode> history(String filter) {
        List<JsonNode> entries = new ArrayList<>();
        Long after = null;
        do {
            JsonNode page = ada().get("/api/log/history?" + filter + "&limit=1000" + (after == null ? "" : "&after=" + after))
                    .expect(200);
            page.path("entries").forEach(entries::add);
            after = page.hasNonNull("nextAfter") ? page.path("nextAfter").asLong() : null;
        } while (after != null);
        return entries;
    }

    public static String filter(String key, String value) {
        return key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The event types of the entries, counted. */
    public static Map<String, Integer> types(List<JsonNode> entries) {
        Map<String, Integer> counts = new TreeMap<>();
        entries.forEach(e -> counts.merge(e.path("type").asText(), 1, Integer::sum));
        return counts;
    }

    /** Waits until the history under {@code filter} holds at least {@code types} (each type that often). */
    public List<JsonNode> awaitTypes(String filter, Map<String, Integer> types, Duration timeout) {
        return Progress.await("the audit log to hold " + types + " for " + filter, timeout, Duration.ofSeconds(2), () -> {
            List<JsonNode> entries = history(filter);
            Map<String, Integer> have = types(entries);
            boolean all = types.entrySet().stream().allMatch(t -> have.getOrDefault(t.getKey(), 0) >= t.getValue());
            return all ? Optional.of(entries) : Optional.empty();
        }, () -> types(history(filter)).toString());
    }

    public JsonNode compliance(String fromIso) {
        return ada().get("/api/reports/compliance?model=" + Platform.MODEL + "&from=" + URLEncoder.encode(fromIso, StandardCharsets.UTF_8)
                + "&format=json").expect(200);
    }

    /**
     * bin/audit-verify over HTTP with only the log's public key: every head's signature, consistency
     * between heads, every entry's content, position and inclusion proof. Returns its one-line verdict.
     */
    public String verify(Path folder) {
        Path workDir = folder.toAbsolutePath();
        try {
            Files.createDirectories(workDir);
            Path key = workDir.resolve("log-public.pem");
            Api.Response pem = ada().getAny("/api/log/public-key");
            if (!pem.ok()) {
                throw new AssertionError("no public key from the audit service: HTTP " + pem.status());
            }
            Files.writeString(key, pem.text());
            Path out = workDir.resolve("audit-verify.txt");
            Process process = new ProcessBuilder(platform.root().resolve("bin/audit-verify").toString(), "--public-key",
                    key.toString(), "--url", Platform.AUDIT_SERVICE.toString(), "--token", platform.bearer("ada").substring("Bearer ".length()))
                    .directory(platform.root().toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("bin/audit-verify did not finish within 5 minutes");
            }
            String verdict = Files.readString(out).strip();
            if (process.exitValue() != 0) {
                throw new AssertionError("bin/audit-verify exit " + process.exitValue() + ": " + verdict);
            }
            return verdict;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

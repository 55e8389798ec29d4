package org.editgov.e2e.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editgov.e2e.support.Api;

/** Synthetic proposals for the load and database tests: distinct subjects, so none conflicts with another. */
final class Proposals {

    /** One proposal sent: what came back and how long it took. */
    record Sent(int n, String idempotencyKey, int status, String editId, String problemTitle, long nanos) {
    }

    private Proposals() {
    }

    static Map<String, Object> body(String modelId, String run, int n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", modelId);
        body.put("subject", "Subject " + run + " " + n);
        body.put("prompt", "{} works as a");
        body.put("targetNew", "doctor");
        body.put("targetTrue", "painter");
        body.put("rationale", "e2e " + run + ": synthetic proposal " + n + ".");
        body.put("evidenceLinks", List.of("https://example.org/e2e/" + run + "/" + n));
        return body;
    }

    static Sent send(Api alice, String modelId, String run, int n) {
        String key = "e2e-" + run + "-" + n;
        long start = System.nanoTime();
        Api.Response response = alice.post("/api/edits", body(modelId, run, n), Map.of("Idempotency-Key", key));
        long nanos = System.nanoTime() - start;
        return new Sent(n, key, response.status(), response.ok() ? response.json().path("id").asText() : null,
                response.ok() ? null : response.json().path("title").asText(response.text()), nanos);
    }
}

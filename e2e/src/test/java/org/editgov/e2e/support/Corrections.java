package org.editgov.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.editgov.e2e.support.Facts.Fact;

/**
 * The governed path of a correction through request-api, as its users take it: alice proposes, bob
 * reviews, olga watches the model and its batches; every call with the user's own token.
 */
public final class Corrections {

    /** The batch policy bin/embedded-model sets waits 30 s; the batch itself takes the rest. */
    public static final Duration APPLY_TIMEOUT = Duration.ofMinutes(6);

    private final Platform platform;
    private final String run;

    /** @param run a tag for this test run, written into rationales and idempotency keys */
    public Corrections(Platform platform, String run) {
        this.platform = platform;
        this.run = run;
    }

    public String run() {
        return run;
    }

    public static String rationale(String run, Fact fact) {
        return "e2e " + run + ": CounterFact case " + fact.caseId() + " states " + fact.targetNew() + " for "
                + fact.subject() + " (was " + fact.targetTrue() + ").";
    }

    public static Map<String, Object> proposal(String run, Fact fact) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", Platform.MODEL);
        body.put("subject", fact.subject());
        body.put("prompt", fact.prompt());
        body.put("targetNew", fact.targetNew());
        body.put("targetTrue", fact.targetTrue());
        body.put("rationale", rationale(run, fact));
        body.put("evidenceLinks", List.of("https://example.org/counterfact/" + fact.caseId()));
        return body;
    }

    /** alice proposes each fact; returns the edit ids in the facts' order. */
    public List<String> propose(List<Fact> facts) {
        Api alice = platform.requestApi("alice");
        List<String> ids = new ArrayList<>();
        for (Fact fact : facts) {
            JsonNode edit = alice.post("/api/edits", proposal(run, fact),
                    Map.of("Idempotency-Key", "e2e-" + run + "-" + fact.caseId())).expect(201);
            ids.add(edit.path("id").asText());
        }
        Progress.say("alice proposed " + ids.size() + " edits");
        return ids;
    }

    public void approve(List<String> ids) {
        review(ids, "APPROVE", "Checked against the CounterFact record.");
    }

    public void reject(List<String> ids) {
        review(ids, "REJECT", "Not supported by the evidence given.");
    }

    private void review(List<String> ids, String decision, String comment) {
        Api bob = platform.requestApi("bob");
        for (String id : ids) {
            bob.post("/api/edits/" + id + "/review", Map.of("decision", decision, "comment", comment)).expect(200);
        }
        Progress.say("bob: " + decision + " " + ids.size() + " edits");
    }

    public JsonNode edit(String id) {
        return platform.requestApi("bob").get("/api/edits/" + id).expect(200);
    }

    /** Edit states as request-api shows them now, counted ("APPLIED=18"). */
    public Map<String, Integer> states(List<String> ids) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String id : ids) {
            counts.merge(edit(id).path("state").asText(), 1, Integer::sum);
        }
        return counts;
    }

    /** Waits until every edit is APPLIED or FAILED (the batch ended), printing the states on the way. */
    public Map<String, Integer> awaitBatchEnd(List<String> ids, Duration timeout) {
        return Progress.await(ids.size() + " edits to be APPLIED (batch policy, then the editor worker)", timeout,
                Duration.ofSeconds(3), () -> {
                    Map<String, Integer> s = states(ids);
                    int ended = s.getOrDefault("APPLIED", 0) + s.getOrDefault("FAILED", 0);
                    return ended == ids.size() ? Optional.of(s) : Optional.empty();
                }, () -> states(ids) + ", worker: " + workerProgress(ids));
    }

    /** The editor worker's progress on the batch that holds the first edit, if it has one. */
    public String workerProgress(List<String> ids) {
        String batch = edit(ids.get(0)).path("batchId").asText("");
        if (batch.isEmpty() || "null".equals(batch)) {
            return "no batch yet";
        }
        Api.Response progress = platform.editorWorker("olga").get("/api/batches/" + batch + "/progress");
        return progress.ok() ? progress.json().path("phase").asText() + " " + progress.json().path("done").asText() + "/"
                + progress.json().path("total").asText() : "batch " + batch + " (no progress yet: HTTP " + progress.status() + ")";
    }

    public JsonNode model() {
        return platform.requestApi("olga").get("/api/models/" + Platform.MODEL).expect(200);
    }

    public int currentVersion() {
        return model().path("currentVersion").asInt();
    }

    public JsonNode batch(String id) {
        return platform.requestApi("olga").get("/api/batches/" + id).expect(200);
    }

    public JsonNode versions() {
        return platform.requestApi("olga").get("/api/models/" + Platform.MODEL + "/versions").expect(200);
    }

    /** The distinct batches that hold these edits, in the order met. */
    public List<String> batchesOf(List<String> ids) {
        List<String> batches = new ArrayList<>();
        for (String id : ids) {
            String batch = edit(id).path("batchId").asText();
            if (!batches.contains(batch)) {
                batches.add(batch);
            }
        }
        return batches;
    }

    public static String newRun() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

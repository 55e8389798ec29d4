package org.editgov.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One realistic event of every type, with fixed ids and times. */
final class SampleEvents {

    static final Instant AT = Instant.parse("2026-11-25T08:15:30.123456Z");
    static final String EDIT_ID = "edit-0001";
    static final String BATCH_ID = "0b7f0c1e-6d1a-4f43-9d1e-3f1c2b9a7e55";
    static final String MODEL = "gpt2-counterfact";
    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "0123456789abcdef".repeat(4);

    private static final ObjectMapper MAPPER = EventCodec.newObjectMapper();

    private SampleEvents() {
    }

    static List<EventEnvelope<?>> all() {
        return List.of(editProposed(), editReviewed(), editWithdrawn(), batchRequested(), batchCompleted(), batchFailed(),
                versionCommittedByBatch(), versionCommittedByRollback(), rollbackRequested());
    }

    static EventEnvelope<EditProposed> editProposed() {
        return EventEnvelope.of("3f2a9d4e-1b7c-4c5e-8f60-0a1b2c3d4e5f", AT, Actor.user("alice"),
                new EditProposed(EDIT_ID, MODEL, "Danielle Darrieux", "The mother tongue of {} is", "English",
                        "French", "She was born in Bordeaux; the record says French, the correction is a test.",
                        List.of("https://en.wikipedia.org/wiki/Danielle_Darrieux"), "alice"));
    }

    static EventEnvelope<EditReviewed> editReviewed() {
        return EventEnvelope.of("5c0e1d2f-3a4b-4c5d-9e6f-7a8b9c0d1e2f", AT.plusSeconds(60), Actor.user("bob"),
                new EditReviewed(EDIT_ID, MODEL, EditReviewed.Decision.APPROVED, "Checked the source.", "bob"));
    }

    static EventEnvelope<EditWithdrawn> editWithdrawn() {
        return EventEnvelope.of("4b1d2c3e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", AT.plusSeconds(30), Actor.user("alice"),
                new EditWithdrawn("edit-0003", MODEL, "Found a better source; will propose again.", "alice"));
    }

    static EventEnvelope<BatchRequested> batchRequested() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("layers", List.of(3, 4, 5));
        settings.put("mom2UpdateWeight", 15000.0);
        settings.put("contextTemplates", Map.of("count", 10, "length", 5));
        return EventEnvelope.of("6d1f2e3a-4b5c-4d6e-8f70-8192a3b4c5d6", AT.plusSeconds(3600),
                Actor.service("request-api"),
                new BatchRequested(BATCH_ID, MODEL, 3, "MEMIT", settings, new Gates(0.9, 0.6, 0.7, 0.05),
                        List.of(new BatchEdit(EDIT_ID, "Danielle Darrieux", "The mother tongue of {} is", "English",
                                        "French", "A test correction.", List.of(), "alice", "bob"),
                                new BatchEdit("edit-0002", "Toko Yasuda", "{} plays the", "piano", null,
                                        "Her instrument changed.", List.of("https://example.org/yasuda"), "carol",
                                        "bob"))));
    }

    static EventEnvelope<BatchCompleted> batchCompleted() {
        return EventEnvelope.of("7e2a3f4b-5c6d-4e7f-9a81-92a3b4c5d6e7", AT.plusSeconds(4000),
                Actor.service("editor-worker"),
                new BatchCompleted(BATCH_ID, MODEL, 3, 4, new ArtifactRef(SHA_A, "models/gpt2-counterfact/4"),
                        new DeltaRef(SHA_B, 1_572_864L, "deltas/" + SHA_B + ".safetensors"), report(true),
                        List.of(EDIT_ID, "edit-0002")));
    }

    static EventEnvelope<BatchFailed> batchFailed() {
        return EventEnvelope.of("8f3b4a5c-6d7e-4f80-8b92-a3b4c5d6e7f8", AT.plusSeconds(4000),
                Actor.service("editor-worker"),
                new BatchFailed(BATCH_ID, MODEL, 3, BatchFailed.Kind.GATES_NOT_MET,
                        "neighborhood success 0.52 below gate 0.70", report(false)));
    }

    static EventEnvelope<ModelVersionCommitted> versionCommittedByBatch() {
        return EventEnvelope.of("9a4c5b6d-7e8f-4091-9ca3-b4c5d6e7f809", AT.plusSeconds(4000),
                Actor.service("editor-worker"),
                new ModelVersionCommitted(MODEL, 4, 3, new ArtifactRef(SHA_A, "models/gpt2-counterfact/4"),
                        new DeltaRef(SHA_B, 1_572_864L, "deltas/" + SHA_B + ".safetensors"), BATCH_ID, null));
    }

    static EventEnvelope<ModelVersionCommitted> versionCommittedByRollback() {
        return EventEnvelope.of("ab5d6c7e-8f90-41a2-8db4-c5d6e7f8091a", AT.plusSeconds(9000),
                Actor.service("editor-worker"),
                new ModelVersionCommitted(MODEL, 5, 4, new ArtifactRef(SHA_B, "models/gpt2-counterfact/2"), null,
                        null, new RollbackRef(2, "batch 4 broke neighbouring facts", "olga",
                        "bc6e7d8f-90a1-42b3-9ec5-d6e7f8091a2b")));
    }

    static EventEnvelope<ModelRollbackRequested> rollbackRequested() {
        return EventEnvelope.of("bc6e7d8f-90a1-42b3-9ec5-d6e7f8091a2b", AT.plusSeconds(8000), Actor.user("olga"),
                new ModelRollbackRequested(MODEL, 4, 2, "batch 4 broke neighbouring facts", "olga"));
    }

    /**
     * A report in the shape the editor worker writes (the engine's report under "edits", metrics in
     * percent, each row with its unedited figures under "before"; the gate checks in fractions).
     */
    private static JsonNode report(boolean passed) {
        double ns = passed ? 88.0 : 52.0;
        Map<String, Object> edits = new LinkedHashMap<>();
        edits.put("method", "memit");
        edits.put("edits", 1);
        edits.put("metrics", Map.of("ES", 100.0, "PS", 85.0, "NS", ns, "GE_before", 6.21, "GE_after", 6.18));
        edits.put("unedited", Map.of("ES", 2.0, "PS", 5.0, "NS", 96.0));
        edits.put("rows", List.of(Map.of("id", EDIT_ID, "ES", 100.0, "PS", 90.0, "NS", ns,
                "before", Map.of("ES", 0.0, "PS", 10.0, "NS", 100.0))));
        Map<String, Object> gates = new LinkedHashMap<>();
        gates.put("checks", List.of(
                Map.of("name", "efficacy_success", "min", 0.9, "value", 1.0, "measured", true, "passed", true),
                Map.of("name", "neighborhood_success", "min", 0.7, "value", ns / 100, "measured", true, "passed", passed)));
        gates.put("passed", passed);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("passed", passed);
        report.put("gates", gates);
        report.put("edits", edits);
        report.put("regression", Map.of("facts", 20, "facts_kept", 20, "GE_before", 6.21, "GE_after", 6.18));
        return MAPPER.valueToTree(report);
    }
}

package org.editgov.audit.support;

import org.editgov.contracts.Actor;
import org.editgov.contracts.ArtifactRef;
import org.editgov.contracts.BatchCompleted;
import org.editgov.contracts.BatchEdit;
import org.editgov.contracts.BatchFailed;
import org.editgov.contracts.BatchRequested;
import org.editgov.contracts.DeltaRef;
import org.editgov.contracts.EditProposed;
import org.editgov.contracts.EditReviewed;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.Gates;
import org.editgov.contracts.ModelRollbackRequested;
import org.editgov.contracts.ModelVersionCommitted;
import org.editgov.contracts.RollbackRef;
import org.editgov.contracts.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The events of a real correction flow for a fresh model, as the services publish them: two proposals
 * (alice), reviews (bob), a batch that completes into version 1 with a weight delta, a second batch that
 * fails its gates, a rollback request (olga) and the rollback's commit as version 2. Ids are fresh per flow so
 * that flows of one run, and of runs sharing the broker, never collide; delta bytes come from a seeded Random.
 */
public final class Flow {

    public static final String PROPOSER = "alice";
    public static final String REVIEWER = "bob";
    public static final String OPERATOR = "olga";
    public static final String RATIONALE = "The record says English; <b>sources</b> say French & more.";

    /** Figures of the first batch as the worker reports them: every gate met. */
    public static final WorkerReport.Figures PASSING = new WorkerReport.Figures(100.0, 85.0, 88.0, 20, 19, 6.21, 6.18);
    /** The second batch: neighbourhood (52 %) and regression facts kept (13 of 20) below the 0.7 gate. */
    public static final WorkerReport.Figures FAILING_NEIGHBOURHOOD =
            new WorkerReport.Figures(100.0, 85.0, 52.0, 20, 13, 6.21, 6.18);
    public static final Gates GATES = new Gates(0.9, 0.6, 0.7, 0.05);

    public final String modelId = "test-model-" + UUID.randomUUID().toString().substring(0, 8);
    public final String editA = "edit-" + UUID.randomUUID();
    public final String editB = "edit-" + UUID.randomUUID();
    public final String batch1 = UUID.randomUUID().toString();
    public final String batch2 = UUID.randomUUID().toString();
    public final byte[] deltaBytes;
    public final String deltaSha;
    public final List<EventEnvelope<?>> events = new ArrayList<>();
    public final EventEnvelope<ModelRollbackRequested> rollbackRequest;

    public Flow(long seed) {
        deltaBytes = new byte[4096];
        new Random(seed).nextBytes(deltaBytes);
        deltaSha = Sha256.hex(deltaBytes);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
        Actor worker = Actor.service("editor-worker");
        Actor api = Actor.service("request-api");
        Gates gates = GATES;
        add(t, Actor.user(PROPOSER), new EditProposed(editA, modelId, "Danielle Darrieux",
                "The mother tongue of {} is", "French", "English", RATIONALE,
                List.of("https://en.wikipedia.org/wiki/Danielle_Darrieux"), PROPOSER));
        add(t.plusSeconds(1), Actor.user(PROPOSER), new EditProposed(editB, modelId, "Toko Yasuda", "{} plays the",
                "piano", "guitar", "Her instrument changed.", List.of(), PROPOSER));
        add(t.plusSeconds(10), Actor.user(REVIEWER), new EditReviewed(editA, modelId, EditReviewed.Decision.APPROVED,
                "Checked the source.", REVIEWER));
        add(t.plusSeconds(11), Actor.user(REVIEWER), new EditReviewed(editB, modelId, EditReviewed.Decision.APPROVED,
                null, REVIEWER));
        add(t.plusSeconds(20), api, new BatchRequested(batch1, modelId, 0, "MEMIT", Map.of("layers", List.of(3, 4)),
                gates, List.of(batchEdit(editA, "Danielle Darrieux", "The mother tongue of {} is", "French", "English",
                        RATIONALE), batchEdit(editB, "Toko Yasuda", "{} plays the", "piano", "guitar",
                        "Her instrument changed."))));
        DeltaRef delta = new DeltaRef(deltaSha, deltaBytes.length, "deltas/" + deltaSha + ".safetensors");
        ArtifactRef v1 = new ArtifactRef(Sha256.hex((modelId + "/v1").getBytes()), "models/" + modelId + "/1");
        add(t.plusSeconds(60), worker, new BatchCompleted(batch1, modelId, 0, 1, v1, delta,
                WorkerReport.of(batch1, modelId, 0, gates, PASSING, List.of(editA, editB)),
                List.of(editA, editB)));
        add(t.plusSeconds(61), worker, new ModelVersionCommitted(modelId, 1, 0, v1, delta, batch1, null));
        add(t.plusSeconds(120), api, new BatchRequested(batch2, modelId, 1, "MEMIT", Map.of(), gates,
                List.of(batchEdit(editB, "Toko Yasuda", "{} plays the", "piano", "guitar", "Her instrument changed."))));
        add(t.plusSeconds(150), worker, new BatchFailed(batch2, modelId, 1, BatchFailed.Kind.GATES_NOT_MET,
                "gates not met: neighborhood_success 0.5200 < 0.7000, regression_facts_kept 0.6500 < 0.7000",
                WorkerReport.of(batch2, modelId, 1, gates, FAILING_NEIGHBOURHOOD, List.of(editB))));
        rollbackRequest = EventEnvelope.of(UUID.randomUUID().toString(), t.plusSeconds(200), Actor.user(OPERATOR),
                new ModelRollbackRequested(modelId, 1, 0, "version 1 broke neighbouring facts", OPERATOR));
        events.add(rollbackRequest);
        ArtifactRef v0 = new ArtifactRef(Sha256.hex((modelId + "/v0").getBytes()), "models/" + modelId + "/0");
        add(t.plusSeconds(210), worker, new ModelVersionCommitted(modelId, 2, 1, v0, null, null,
                new RollbackRef(0, "version 1 broke neighbouring facts", OPERATOR, rollbackRequest.eventId())));
    }

    /**
     * Writes this flow's delta where the editor worker's artifact store keeps it
     * ({@code root/deltas/<sha256>.safetensors}, as its FileSystemArtifactStore.putDelta), creating the folders.
     */
    public Path storeDeltaIn(Path artifactRoot, byte[] bytes) throws IOException {
        Path file = Files.createDirectories(artifactRoot.resolve("deltas")).resolve(deltaSha + ".safetensors");
        Files.write(file, bytes);
        return file;
    }

    public List<String> eventIds() {
        return events.stream().map(EventEnvelope::eventId).toList();
    }

    private void add(Instant at, Actor actor, org.editgov.contracts.EventPayload payload) {
        events.add(EventEnvelope.of(UUID.randomUUID().toString(), at, actor, payload));
    }

    private static BatchEdit batchEdit(String id, String subject, String prompt, String targetNew, String targetTrue,
                                       String rationale) {
        return new BatchEdit(id, subject, prompt, targetNew, targetTrue, rationale, List.of(), PROPOSER, REVIEWER);
    }
}

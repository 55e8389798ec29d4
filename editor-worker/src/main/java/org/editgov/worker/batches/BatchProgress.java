package org.editgov.worker.batches;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** Where each batch this worker has seen stands, for GET /api/batches/{id}/progress and the log. */
@ApplicationScoped
public class BatchProgress {

    private static final Logger LOG = Logger.getLogger(BatchProgress.class);

    /** The steps of a batch, in order; {@code done} counts the steps finished. */
    public enum Phase {
        QUEUED, LOADING, STATISTICS, EVALUATING_BEFORE, EDITING, EVALUATING_AFTER, STORING, COMMITTED, FAILED;

        static final int STEPS = 7;
    }

    /** @param done steps finished out of {@code total} */
    public record Snapshot(String batchId, String modelId, Phase phase, int done, int total, Instant updatedAt) {
    }

    private final Map<String, Snapshot> batches = new ConcurrentHashMap<>();

    public void enter(String batchId, String modelId, Phase phase) {
        int done = switch (phase) {
            case COMMITTED, FAILED -> Phase.STEPS;
            default -> phase.ordinal();
        };
        batches.put(batchId, new Snapshot(batchId, modelId, phase, done, Phase.STEPS, Instant.now()));
        LOG.infof("batch %s of model %s: %s (%d/%d)", batchId, modelId, phase.name().toLowerCase(), done, Phase.STEPS);
    }

    public Optional<Snapshot> of(String batchId) {
        return Optional.ofNullable(batches.get(batchId));
    }
}

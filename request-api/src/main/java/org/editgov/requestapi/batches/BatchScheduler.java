package org.editgov.requestapi.batches;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Checks every model's batch policy each tick ({@code editgov.batches.tick}, default 1 s) and fires
 * the due ones. Every instance runs it; the row lock in {@link BatchCutter} makes one of them cut.
 */
@ApplicationScoped
public class BatchScheduler {

    private static final Logger LOG = Logger.getLogger(BatchScheduler.class);

    @Inject
    BatchCutter cutter;

    @Scheduled(identity = "batch-policies", every = "${editgov.batches.tick:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        Instant now = Instant.now();
        for (String modelId : cutter.dueModels(now)) {
            try {
                cutter.fireIfDue(modelId, now).ifPresent(batch -> LOG.infof(
                        "cut batch #%d of model %s: %d edits (%s)", batch.seq, modelId, batch.editCount, batch.trigger));
            } catch (RuntimeException e) {
                LOG.warnf("could not fire the batch policy of model %s, will retry: %s", modelId, e.getMessage());
            }
        }
    }
}

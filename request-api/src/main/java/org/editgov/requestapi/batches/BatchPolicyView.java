package org.editgov.requestapi.batches;

import java.time.Instant;

/** A model's batch policy with the cron schedule's next firing. */
public record BatchPolicyView(String cron, Integer maxSize, Long maxWaitSeconds, Instant nextCronAt,
                              String updatedBy, Instant updatedAt) {

    public static BatchPolicyView of(BatchPolicy p) {
        return p == null ? null
                : new BatchPolicyView(p.cron, p.maxSize, p.maxWaitSeconds, p.nextCronAt, p.updatedBy, p.updatedAt);
    }
}

package org.editgov.requestapi.batches;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a batch policy fires now. Pure, so the rule is tested without a database.
 *
 * @param nextCronAt     when the cron schedule fires next; null without a cron schedule
 * @param maxSize        fire as soon as this many approved edits wait; also the most a batch takes; null for no limit
 * @param maxWait        fire once the oldest approved edit has waited this long; null for no limit
 */
public record FiringRule(Instant nextCronAt, Integer maxSize, Duration maxWait) {

    /**
     * The trigger that fires now, if any, given how many approved edits wait and since when. A cron
     * firing counts even with nothing waiting (the caller moves the schedule on and cuts nothing).
     */
    public Optional<BatchTrigger> firing(Instant now, long waiting, Instant oldestApprovedAt) {
        if (nextCronAt != null && !now.isBefore(nextCronAt)) {
            return Optional.of(BatchTrigger.CRON);
        }
        if (maxSize != null && waiting >= maxSize) {
            return Optional.of(BatchTrigger.MAX_SIZE);
        }
        if (maxWait != null && waiting > 0 && oldestApprovedAt != null
                && !now.isBefore(oldestApprovedAt.plus(maxWait))) {
            return Optional.of(BatchTrigger.MAX_WAIT);
        }
        return Optional.empty();
    }

    /** How many of the waiting edits one batch takes. */
    public int batchLimit() {
        return maxSize == null ? Integer.MAX_VALUE : maxSize;
    }
}

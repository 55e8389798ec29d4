package org.editgov.requestapi.batches;

/** What made a batch: its model's cron schedule, the size or wait limit, or an operator. */
public enum BatchTrigger {
    CRON, MAX_SIZE, MAX_WAIT, MANUAL
}

package org.editgov.requestapi.batches;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A batch with the ids of its edits, in application order, and the worker's outcome once known. */
public record BatchView(UUID id, String modelId, int seq, BatchState state, BatchTrigger trigger, int baseVersion,
                        int editCount, List<UUID> editIds, String createdBy, Instant createdAt, Instant finishedAt,
                        Integer newVersion, String failureKind, String failureReason, Map<String, Object> report) {

    public static BatchView of(Batch b, List<UUID> editIds) {
        return new BatchView(b.id, b.modelId, b.seq, b.state, b.trigger, b.baseVersion, b.editCount, editIds,
                b.createdBy, b.createdAt, b.finishedAt, b.newVersion, b.failureKind, b.failureReason, b.report);
    }
}

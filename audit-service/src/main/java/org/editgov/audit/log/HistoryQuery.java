package org.editgov.audit.log;

import java.time.Instant;

/**
 * Filters of a history query; null means no filter. Results are in log order, after {@code afterIndex}
 * (exclusive, for paging), at most {@code limit}.
 */
public record HistoryQuery(String modelId, String editId, String batchId, String actorId, String type,
                           Instant from, Instant to, long afterIndex, int limit) {
}

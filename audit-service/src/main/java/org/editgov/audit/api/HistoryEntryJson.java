package org.editgov.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One entry of a history query, for people and tools that read the log rather than verify it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntryJson(long index, String eventId, String type, Instant occurredAt, String actor,
                               String modelId, Integer modelVersion, String batchId, JsonNode entry) {
}

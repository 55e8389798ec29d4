package org.editgov.audit.log;

import java.time.Instant;

/** A row of {@code log_entry} as read back: the leaf material plus the columns queries filter on. */
public record StoredEntry(long index, String eventId, String type, String modelId, Integer modelVersion,
                          String batchId, String actorId, Instant occurredAt, String canonicalJson,
                          byte[] leafHash, byte[] signature) {
}

package org.editgov.audit.log;

import org.editgov.contracts.Actor;
import org.editgov.contracts.BatchCompleted;
import org.editgov.contracts.BatchEdit;
import org.editgov.contracts.BatchFailed;
import org.editgov.contracts.BatchRequested;
import org.editgov.contracts.DeltaRef;
import org.editgov.contracts.EditProposed;
import org.editgov.contracts.EditReviewed;
import org.editgov.contracts.EditWithdrawn;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.EventPayload;
import org.editgov.contracts.ModelRollbackRequested;
import org.editgov.contracts.ModelVersionCommitted;

import java.time.Instant;
import java.util.List;

/**
 * What the log indexes about an event, beyond the event itself: the model and the version it concerns, the
 * batch and edits it names, and the weight delta it records.
 *
 * @param modelVersion the version the event produced or acted on: the new version of a completed batch or a
 *                     commit, the base version of a requested or failed batch, the current version a
 *                     rollback request starts from; null for proposals and reviews
 */
public record EntryFacts(String eventId, String type, Instant occurredAt, Actor actor, String modelId,
                         Integer modelVersion, String batchId, List<String> editIds, String deltaSha256,
                         Long deltaSizeBytes) {

    public EntryFacts {
        editIds = List.copyOf(editIds);
    }

    public static EntryFacts of(EventEnvelope<?> event) {
        Integer version = null;
        String batchId = null;
        List<String> editIds = List.of();
        DeltaRef delta = null;
        EventPayload payload = event.payload();
        if (payload instanceof EditProposed p) {
            editIds = List.of(p.editId());
        } else if (payload instanceof EditReviewed r) {
            editIds = List.of(r.editId());
        } else if (payload instanceof EditWithdrawn w) {
            editIds = List.of(w.editId());
        } else if (payload instanceof BatchRequested b) {
            version = b.baseVersion();
            batchId = b.batchId();
            editIds = b.edits().stream().map(BatchEdit::editId).toList();
        } else if (payload instanceof BatchCompleted c) {
            version = c.newVersion();
            batchId = c.batchId();
            editIds = c.appliedEditIds();
            delta = c.delta();
        } else if (payload instanceof BatchFailed f) {
            version = f.baseVersion();
            batchId = f.batchId();
        } else if (payload instanceof ModelVersionCommitted m) {
            version = m.version();
            batchId = m.batchId();
            delta = m.delta();
        } else if (payload instanceof ModelRollbackRequested r) {
            version = r.fromVersion();
        }
        return new EntryFacts(event.eventId(), event.type(), event.occurredAt(), event.actor(),
                payload.modelId(), version, batchId, editIds, delta == null ? null : delta.sha256(),
                delta == null ? null : delta.sizeBytes());
    }
}

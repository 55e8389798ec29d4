package org.editgov.requestapi.edits;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An edit as the API shows it. {@code conflicts} lists the other open or past proposals for the same
 * model, subject and relation with a different target; {@code history} (which
 * includes the review: who approved or rejected, and their comment) is filled when one edit is read and
 * left empty in listings.
 */
public record EditView(
        UUID id, String modelId, String subject, String prompt, String targetNew, String targetTrue,
        String rationale, List<String> evidenceLinks, String proposer, EditState state, String approver,
        Instant approvedAt, UUID batchId, Instant createdAt, Instant updatedAt, List<Conflict> conflicts,
        List<StateChange> history) {

    public record Conflict(UUID editId, String targetNew, EditState state) {
    }

    public record StateChange(EditState from, EditState to, String actor, String comment, Instant at) {
    }

    static EditView of(EditRequest e, List<Conflict> conflicts, List<StateChange> history) {
        return new EditView(e.id, e.modelId, e.subject, e.prompt, e.targetNew, e.targetTrue, e.rationale,
                e.evidenceLinks, e.proposer, e.state, e.approver, e.approvedAt, e.batchId, e.createdAt, e.updatedAt,
                conflicts, history);
    }
}

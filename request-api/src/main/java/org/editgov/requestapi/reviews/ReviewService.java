package org.editgov.requestapi.reviews;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.editgov.contracts.Actor;
import org.editgov.contracts.EditReviewed;
import org.editgov.requestapi.common.ConflictProblem;
import org.editgov.requestapi.common.ForbiddenProblem;
import org.editgov.requestapi.common.InvalidFieldProblem;
import org.editgov.requestapi.edits.EditConflict;
import org.editgov.requestapi.edits.EditLifecycle;
import org.editgov.requestapi.edits.EditLocks;
import org.editgov.requestapi.edits.EditQueries;
import org.editgov.requestapi.edits.EditRequest;
import org.editgov.requestapi.edits.EditState;
import org.editgov.requestapi.edits.EditView;
import org.editgov.requestapi.outbox.Outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Four-eyes review. The proposer never reviews their own edit, whatever roles they hold; an edit may not
 * be approved while a conflicting one is approved and not yet applied, so the weights never receive two
 * answers to the same question.
 */
@ApplicationScoped
public class ReviewService {

    @Inject
    EditLifecycle lifecycle;

    @Inject
    EditQueries queries;

    @Inject
    Outbox outbox;

    @Transactional
    public EditView review(UUID editId, ReviewRequest review, String reviewer) {
        String comment = review.comment() == null || review.comment().isBlank() ? null : review.comment().strip();
        if (review.decision() == Decision.REJECT && comment == null) {
            throw new InvalidFieldProblem("comment", "a rejection must say why");
        }
        // The edit and its rivals are locked together, in id order: two reviewers approving two rivals at
        // the same moment are serialised, and the second sees the first's approval.
        List<UUID> ids = new ArrayList<>(rivalIds(editId));
        ids.add(editId);
        List<EditRequest> locked = EditLocks.lockAll(ids);
        EditRequest edit = locked.stream().filter(e -> e.id.equals(editId)).findFirst()
                .orElseGet(() -> EditLocks.lock(editId));
        if (edit.proposer.equals(reviewer)) {
            throw new ForbiddenProblem("own-edit", "you proposed edit " + editId
                    + "; another reviewer must review it (four eyes)");
        }
        if (edit.state != EditState.PROPOSED) {
            throw new ConflictProblem("invalid-state", "edit " + editId + " is " + edit.state
                    + "; only PROPOSED edits can be reviewed");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (review.decision() == Decision.APPROVE) {
            refuseBesideApprovedRival(edit, locked);
            lifecycle.move(edit, EditState.APPROVED, reviewer, comment, now);
            edit.approver = reviewer;
            edit.approvedAt = now;
        } else {
            lifecycle.move(edit, EditState.REJECTED, reviewer, comment, now);
        }
        EditReviewed.Decision decision = review.decision() == Decision.APPROVE
                ? EditReviewed.Decision.APPROVED : EditReviewed.Decision.REJECTED;
        outbox.record(Actor.user(reviewer), new EditReviewed(edit.id.toString(), edit.modelId, decision, comment, reviewer));
        return queries.view(edit);
    }

    private static List<UUID> rivalIds(UUID editId) {
        return EditConflict.<EditConflict>list("pair.editId", editId).stream().map(c -> c.pair.otherEditId()).toList();
    }

    private static void refuseBesideApprovedRival(EditRequest edit, List<EditRequest> locked) {
        List<EditRequest> approvedRivals = locked.stream()
                .filter(e -> !e.id.equals(edit.id) && EditState.APPROVED_UNAPPLIED.contains(e.state))
                .toList();
        if (!approvedRivals.isEmpty()) {
            String rivals = approvedRivals.stream()
                    .map(r -> "edit " + r.id + " (\"" + r.targetNew + "\", " + r.state + ")")
                    .collect(Collectors.joining(", "));
            throw new ConflictProblem("conflicting-approval", "cannot approve edit " + edit.id + " (\"" + edit.targetNew
                    + "\"): it conflicts with " + rivals + ", already approved for the same subject and relation"
                    + " and not yet applied; reject one of them, or wait until the other is applied or failed");
        }
    }
}

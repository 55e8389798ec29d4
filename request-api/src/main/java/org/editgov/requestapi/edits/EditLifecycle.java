package org.editgov.requestapi.edits;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.editgov.requestapi.common.ConflictProblem;

import java.time.Instant;

/** Moves edits between states, keeping the history: every change of state goes through here. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EditLifecycle {

    /**
     * Stores a new edit in its first state. Flushed at once, so a concurrent use of the same idempotency
     * key fails here, as a constraint violation the caller can recognise.
     */
    public void begin(EditRequest edit, String actor, Instant at) {
        edit.state = EditState.PROPOSED;
        edit.createdAt = at;
        edit.updatedAt = at;
        edit.persistAndFlush();
        append(edit, null, EditState.PROPOSED, actor, null, at);
    }

    /** @throws ConflictProblem when the edit's current state does not allow the move */
    public void move(EditRequest edit, EditState to, String actor, String comment, Instant at) {
        if (!edit.state.canMoveTo(to)) {
            throw new ConflictProblem("invalid-state", "edit " + edit.id + " is " + edit.state
                    + " and cannot become " + to);
        }
        EditState from = edit.state;
        edit.state = to;
        edit.updatedAt = at;
        append(edit, from, to, actor, comment, at);
    }

    private static void append(EditRequest edit, EditState from, EditState to, String actor, String comment, Instant at) {
        EditStateChange change = new EditStateChange();
        change.editId = edit.id;
        change.fromState = from;
        change.toState = to;
        change.actor = actor;
        change.comment = comment;
        change.at = at;
        change.persist();
    }
}

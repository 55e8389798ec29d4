package org.editgov.requestapi.edits;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of an edit request. PROPOSED edits are reviewed (APPROVED / REJECTED) or withdrawn; approved
 * ones are frozen into a batch (SCHEDULED) and end APPLIED or FAILED as the editor worker reports.
 */
public enum EditState {
    PROPOSED, APPROVED, REJECTED, WITHDRAWN, SCHEDULED, APPLIED, FAILED;

    /** States in which an edit still competes for its subject and relation. */
    public static final Set<EditState> OPEN = EnumSet.of(PROPOSED, APPROVED, SCHEDULED);

    /** Approved and not yet in the weights: a conflicting edit may not be approved beside it. */
    public static final Set<EditState> APPROVED_UNAPPLIED = EnumSet.of(APPROVED, SCHEDULED);

    public boolean canMoveTo(EditState next) {
        return switch (this) {
            case PROPOSED -> next == APPROVED || next == REJECTED || next == WITHDRAWN;
            case APPROVED -> next == SCHEDULED;
            case SCHEDULED -> next == APPLIED || next == FAILED;
            case REJECTED, WITHDRAWN, APPLIED, FAILED -> false;
        };
    }
}

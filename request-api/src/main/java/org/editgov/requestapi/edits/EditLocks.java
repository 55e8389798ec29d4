package org.editgov.requestapi.edits;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.LockModeType;
import org.editgov.requestapi.common.NotFoundProblem;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Row locks on edits, always taken in id order so two transactions never wait on each other in a cycle. */
public final class EditLocks {

    private EditLocks() {
    }

    /** Locks one edit for the rest of the transaction. @throws NotFoundProblem if it does not exist */
    public static EditRequest lock(UUID id) {
        EditRequest edit = Panache.getEntityManager().find(EditRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (edit == null) {
            throw new NotFoundProblem("edit", id);
        }
        return edit;
    }

    /** Locks several edits, in id order. */
    public static List<EditRequest> lockAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return EditRequest.<EditRequest>find("id in ?1 order by id", ids)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }
}

package org.editgov.requestapi.edits;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * Two edits that propose different targets for the same model, subject and relation. Stored once from
 * each side, so an edit's conflicts are one lookup by its id.
 */
@Entity
@Table(name = "edit_conflict")
public class EditConflict extends PanacheEntityBase {

    @Embeddable
    public record Pair(@Column(name = "edit_id") UUID editId, @Column(name = "other_edit_id") UUID otherEditId)
            implements Serializable {
    }

    @EmbeddedId
    public Pair pair;

    @Column(name = "detected_at", nullable = false)
    public Instant detectedAt;

    public static EditConflict of(UUID editId, UUID otherEditId, Instant at) {
        EditConflict conflict = new EditConflict();
        conflict.pair = new Pair(editId, otherEditId);
        conflict.detectedAt = at;
        return conflict;
    }
}

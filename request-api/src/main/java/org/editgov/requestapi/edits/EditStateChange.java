package org.editgov.requestapi.edits;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One step in an edit's history: who moved it from which state to which, when, and why. */
@Entity
@Table(name = "edit_state_change")
public class EditStateChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "edit_id", nullable = false)
    public UUID editId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public EditState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state", nullable = false)
    public EditState toState;

    @Column(nullable = false)
    public String actor;

    public String comment;

    @Column(nullable = false)
    public Instant at;

    public static List<EditStateChange> of(UUID editId) {
        return find("editId = ?1 order by id", editId).list();
    }
}

package org.editgov.requestapi.edits;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A proposed fact correction for one model, and where it stands. */
@Entity
@Table(name = "edit_request")
public class EditRequest extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(nullable = false)
    public String subject;

    /** The relation with {@code {}} where the subject goes. */
    @Column(nullable = false)
    public String prompt;

    @Column(name = "target_new", nullable = false)
    public String targetNew;

    @Column(name = "target_true")
    public String targetTrue;

    @Column(nullable = false)
    public String rationale;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "evidence_links", nullable = false)
    public List<String> evidenceLinks;

    @Column(nullable = false)
    public String proposer;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EditState state;

    @Column(name = "subject_key", nullable = false)
    public String subjectKey;

    @Column(name = "prompt_key", nullable = false)
    public String promptKey;

    @Column(name = "target_key", nullable = false)
    public String targetKey;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** SHA-256 of the proposal's canonical JSON: a replay with the same key must carry the same content. */
    @Column(nullable = false)
    public String fingerprint;

    public String approver;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "batch_id")
    public UUID batchId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

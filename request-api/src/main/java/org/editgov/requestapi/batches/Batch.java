package org.editgov.requestapi.batches;

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
import java.util.Map;
import java.util.UUID;

/** Approved edits of one model frozen together for the editor worker. */
@Entity
@Table(name = "batch")
public class Batch extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    /** 1, 2, 3... per model, in cutting order. */
    @Column(nullable = false)
    public int seq;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BatchState state;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BatchTrigger trigger;

    @Column(name = "base_version", nullable = false)
    public int baseVersion;

    @Column(name = "edit_count", nullable = false)
    public int editCount;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "new_version")
    public Integer newVersion;

    @Column(name = "failure_kind")
    public String failureKind;

    @Column(name = "failure_reason")
    public String failureReason;

    /** The evaluation report of the worker, as it sent it. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> report;
}

package org.editgov.requestapi.models;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An operator's request to restore an earlier version; the editor worker carries it out. */
@Entity
@Table(name = "model_rollback")
public class ModelRollback extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(name = "from_version", nullable = false)
    public int fromVersion;

    @Column(name = "target_version", nullable = false)
    public int targetVersion;

    @Column(nullable = false)
    public String reason;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;
}

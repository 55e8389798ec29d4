package org.editgov.requestapi.models;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One stored version of a model: version 0 as registered, later ones as the editor worker commits them. */
@Entity
@Table(name = "model_version")
public class ModelVersion extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "model_id") String modelId, @Column(name = "version") int version)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "parent_version")
    public Integer parentVersion;

    @Column(name = "artifact_location", nullable = false)
    public String artifactLocation;

    @Column(name = "artifact_sha256")
    public String artifactSha256;

    @Column(name = "delta_location")
    public String deltaLocation;

    @Column(name = "delta_sha256")
    public String deltaSha256;

    @Column(name = "delta_size_bytes")
    public Long deltaSizeBytes;

    @Column(name = "batch_id")
    public UUID batchId;

    @Column(name = "rollback_target_version")
    public Integer rollbackTargetVersion;

    @Column(name = "committed_at", nullable = false)
    public Instant committedAt;

    @Column(name = "event_id")
    public UUID eventId;

    public static List<ModelVersion> history(String modelId) {
        return find("key.modelId = ?1 order by key.version", modelId).list();
    }
}

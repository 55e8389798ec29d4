package org.editgov.requestapi.models;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.editgov.contracts.Gates;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;

/** A registered model: how to edit it, what its edits must pass, and which version is current. */
@Entity
@Table(name = "model")
public class Model extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(nullable = false)
    public String architecture;

    @Column(name = "edit_method", nullable = false)
    public String editMethod;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "edit_settings", nullable = false)
    public Map<String, Object> editSettings;

    @Column(name = "gate_min_es", nullable = false)
    public double gateMinEfficacySuccess;

    @Column(name = "gate_min_ps", nullable = false)
    public double gateMinParaphraseSuccess;

    @Column(name = "gate_min_ns", nullable = false)
    public double gateMinNeighborhoodSuccess;

    @Column(name = "gate_max_fluency_drop", nullable = false)
    public double gateMaxFluencyDrop;

    @Column(name = "current_version", nullable = false)
    public int currentVersion;

    @Column(name = "registered_by", nullable = false)
    public String registeredBy;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    public Gates gates() {
        return new Gates(gateMinEfficacySuccess, gateMinParaphraseSuccess, gateMinNeighborhoodSuccess, gateMaxFluencyDrop);
    }
}

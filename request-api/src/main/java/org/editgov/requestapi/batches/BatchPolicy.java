package org.editgov.requestapi.batches;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;

/** When a model's approved edits are cut into a batch: a cron schedule, a size limit, a wait limit. */
@Entity
@Table(name = "batch_policy")
public class BatchPolicy extends PanacheEntityBase {

    @Id
    @Column(name = "model_id")
    public String modelId;

    public String cron;

    @Column(name = "max_size")
    public Integer maxSize;

    @Column(name = "max_wait_seconds")
    public Long maxWaitSeconds;

    /** The cron schedule's next firing; moved on each time it fires. */
    @Column(name = "next_cron_at")
    public Instant nextCronAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public FiringRule rule() {
        return new FiringRule(nextCronAt, maxSize, maxWaitSeconds == null ? null : Duration.ofSeconds(maxWaitSeconds));
    }
}

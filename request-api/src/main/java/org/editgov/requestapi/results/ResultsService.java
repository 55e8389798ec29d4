package org.editgov.requestapi.results;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.editgov.contracts.ArtifactRef;
import org.editgov.contracts.BatchCompleted;
import org.editgov.contracts.BatchFailed;
import org.editgov.contracts.DeltaRef;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.ModelVersionCommitted;
import org.editgov.requestapi.batches.Batch;
import org.editgov.requestapi.batches.BatchState;
import org.editgov.requestapi.edits.EditLifecycle;
import org.editgov.requestapi.edits.EditRequest;
import org.editgov.requestapi.edits.EditState;
import org.editgov.requestapi.models.Model;
import org.editgov.requestapi.models.ModelVersion;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies the editor worker's results: a completed batch makes its edits APPLIED and the model's new
 * version current; a failed batch makes its edits FAILED; a committed version (from a batch or a
 * rollback) moves the model forward. Each event is applied at most once, by its event id.
 */
@ApplicationScoped
public class ResultsService {

    private static final Logger LOG = Logger.getLogger(ResultsService.class);
    private static final ObjectMapper MAPPER = EventCodec.newObjectMapper();

    @Inject
    EditLifecycle lifecycle;

    /** Applies one event; returns false when it had been applied before. */
    @Transactional
    public boolean apply(EventEnvelope<?> event) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (!ProcessedEvent.claim(UUID.fromString(event.eventId()), event.type(), now)) {
            return false;
        }
        String actor = event.actor().id();
        if (event.payload() instanceof BatchCompleted completed) {
            completed(completed, actor, now);
        } else if (event.payload() instanceof BatchFailed failed) {
            failed(failed, actor, now);
        } else if (event.payload() instanceof ModelVersionCommitted committed) {
            committed(committed, now, UUID.fromString(event.eventId()));
        } else {
            LOG.debugf("ignoring %s: request-api does not consume it", event.type());
        }
        return true;
    }

    private void completed(BatchCompleted completed, String actor, Instant now) {
        Batch batch = lockBatch(completed.batchId());
        if (batch == null) {
            return;
        }
        batch.state = BatchState.COMPLETED;
        batch.finishedAt = now;
        batch.newVersion = completed.newVersion();
        batch.report = MAPPER.convertValue(completed.report(), new TypeReference<Map<String, Object>>() { });
        Set<String> applied = new HashSet<>(completed.appliedEditIds());
        for (EditRequest edit : editsOf(batch)) {
            if (applied.contains(edit.id.toString())) {
                lifecycle.move(edit, EditState.APPLIED, actor, "applied in version " + completed.newVersion(), now);
            } else {
                lifecycle.move(edit, EditState.FAILED, actor, "batch completed without this edit", now);
            }
        }
        recordVersion(completed.modelId(), completed.newVersion(), completed.baseVersion(), completed.artifact(),
                completed.delta(), batch.id, null, now, null);
    }

    private void failed(BatchFailed failed, String actor, Instant now) {
        Batch batch = lockBatch(failed.batchId());
        if (batch == null) {
            return;
        }
        batch.state = BatchState.FAILED;
        batch.finishedAt = now;
        batch.failureKind = failed.kind().name();
        batch.failureReason = failed.reason();
        JsonNode report = failed.report();
        batch.report = report == null || report.isNull() ? null
                : MAPPER.convertValue(report, new TypeReference<Map<String, Object>>() { });
        for (EditRequest edit : editsOf(batch)) {
            lifecycle.move(edit, EditState.FAILED, actor, failed.kind() + ": " + failed.reason(), now);
        }
    }

    private void committed(ModelVersionCommitted committed, Instant now, UUID eventId) {
        recordVersion(committed.modelId(), committed.version(), committed.parentVersion(), committed.artifact(),
                committed.delta(), committed.batchId() == null ? null : UUID.fromString(committed.batchId()),
                committed.rollback() == null ? null : committed.rollback().targetVersion(), now, eventId);
    }

    /**
     * Stores a version once (batch.completed and model.version.committed both describe it, in either
     * order) and moves the model's current version forward, never back.
     */
    private static void recordVersion(String modelId, int version, int parent, ArtifactRef artifact, DeltaRef delta,
                                      UUID batchId, Integer rollbackTarget, Instant now, UUID eventId) {
        Model model = Panache.getEntityManager().find(Model.class, modelId, LockModeType.PESSIMISTIC_WRITE);
        if (model == null) {
            LOG.warnf("version %d of unknown model %s ignored", version, modelId);
            return;
        }
        ModelVersion stored = ModelVersion.findById(new ModelVersion.Key(modelId, version));
        if (stored == null) {
            stored = new ModelVersion();
            stored.key = new ModelVersion.Key(modelId, version);
            stored.parentVersion = parent;
            stored.artifactLocation = artifact.location();
            stored.artifactSha256 = artifact.sha256();
            if (delta != null) {
                stored.deltaLocation = delta.location();
                stored.deltaSha256 = delta.sha256();
                stored.deltaSizeBytes = delta.sizeBytes();
            }
            stored.batchId = batchId;
            stored.rollbackTargetVersion = rollbackTarget;
            stored.committedAt = now;
            stored.persist();
        }
        if (eventId != null && stored.eventId == null) {
            stored.eventId = eventId;
        }
        if (version > model.currentVersion) {
            model.currentVersion = version;
        }
    }

    /** The batch, locked; null (and a warning) when it is unknown or already finished. */
    private static Batch lockBatch(String batchId) {
        UUID id;
        try {
            id = UUID.fromString(batchId);
        } catch (IllegalArgumentException e) {
            LOG.warnf("result for batch '%s' ignored: not a batch id of request-api", batchId);
            return null;
        }
        Batch batch = Panache.getEntityManager().find(Batch.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (batch == null) {
            LOG.warnf("result for unknown batch %s ignored", batchId);
            return null;
        }
        if (batch.state != BatchState.SCHEDULED) {
            LOG.warnf("result for batch %s ignored: it is already %s", batchId, batch.state);
            return null;
        }
        return batch;
    }

    private static List<EditRequest> editsOf(Batch batch) {
        return EditRequest.<EditRequest>find("batchId = ?1 order by id", batch.id)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}

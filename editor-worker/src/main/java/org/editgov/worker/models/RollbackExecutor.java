package org.editgov.worker.models;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.editgov.contracts.ArtifactRef;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.ModelRollbackRequested;
import org.editgov.contracts.ModelVersionCommitted;
import org.editgov.contracts.RollbackRef;
import org.editgov.worker.EventCodecProducer;
import org.editgov.worker.artifacts.VersionIndex;
import org.editgov.worker.batches.Outcomes;
import org.jboss.logging.Logger;

/**
 * Makes a stored version current again without recomputing anything: a new version number whose
 * artifact is the target's (versions only grow). Idempotent by the request's event id.
 */
@ApplicationScoped
public class RollbackExecutor {

    private static final Logger LOG = Logger.getLogger(RollbackExecutor.class);

    @Inject
    ModelRegistry registry;

    @Inject
    Outcomes outcomes;

    /** The events to publish; none when the request cannot be honoured (logged with its reason). */
    public List<EventEnvelope<?>> execute(EventEnvelope<ModelRollbackRequested> event) {
        ModelRollbackRequested request = event.payload();
        String key = "rollback-" + event.eventId();
        Optional<List<EventEnvelope<?>>> recorded = outcomes.recorded(request.modelId(), key);
        Optional<VersionIndex> found = registry.find(request.modelId());
        if (recorded.isPresent()) {
            found.ifPresent(index -> outcomes.commitAnnounced(index, recorded.get(), event.eventId()));
            LOG.infof("rollback %s of model %s: already done, re-emitting it", event.eventId(), request.modelId());
            return recorded.get();
        }
        if (found.isEmpty()) {
            LOG.errorf("rollback %s: model %s is unknown to this worker; nothing done", event.eventId(), request.modelId());
            return List.of();
        }
        VersionIndex index = found.get();
        Optional<VersionIndex.Version> target = index.version(request.targetVersion());
        if (target.isEmpty()) {
            LOG.errorf("rollback %s: model %s has no version %d (latest %d); nothing done", event.eventId(),
                    request.modelId(), request.targetVersion(), index.latest());
            return List.of();
        }
        if (request.fromVersion() != index.current()) {
            LOG.warnf("rollback %s of model %s asked from version %d; the current version is %d and is the one replaced",
                    event.eventId(), request.modelId(), request.fromVersion(), index.current());
        }
        int newVersion = index.latest() + 1;
        ModelVersionCommitted committed = new ModelVersionCommitted(request.modelId(), newVersion, index.current(),
                new ArtifactRef(target.get().artifactSha256(), target.get().artifactLocation()), null, null,
                new RollbackRef(request.targetVersion(), request.reason(), request.requestedBy(), event.eventId()));
        List<EventEnvelope<?>> events = List.of(EventEnvelope.create(EventCodecProducer.WORKER, committed));
        outcomes.record(request.modelId(), key, events);
        outcomes.commitAnnounced(index, events, event.eventId());
        LOG.infof("model %s: version %d committed, the weights of version %d (rollback by %s)", request.modelId(), newVersion,
                request.targetVersion(), request.requestedBy());
        return events;
    }
}

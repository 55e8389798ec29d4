package org.editgov.requestapi.models;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.editgov.contracts.Actor;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.ModelRollbackRequested;
import org.editgov.requestapi.common.ConflictProblem;
import org.editgov.requestapi.common.InvalidFieldProblem;
import org.editgov.requestapi.common.NotFoundProblem;
import org.editgov.requestapi.outbox.Outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/** Registering models, reading their versions, and asking for a rollback. */
@ApplicationScoped
public class ModelService {

    @Inject
    Outbox outbox;

    @Transactional
    public ModelView register(RegisterModel request, String operator) {
        if (Model.findById(request.id()) != null) {
            throw new ConflictProblem("model-exists", "model '" + request.id() + "' is already registered");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Model model = new Model();
        model.id = request.id();
        model.displayName = request.displayName().strip();
        model.architecture = request.architecture();
        model.editMethod = request.editMethod();
        model.editSettings = request.editSettings() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(request.editSettings());
        model.gateMinEfficacySuccess = request.gates().minEfficacySuccess();
        model.gateMinParaphraseSuccess = request.gates().minParaphraseSuccess();
        model.gateMinNeighborhoodSuccess = request.gates().minNeighborhoodSuccess();
        model.gateMaxFluencyDrop = request.gates().maxFluencyDrop();
        model.currentVersion = 0;
        model.registeredBy = operator;
        model.registeredAt = now;
        model.persist();
        ModelVersion base = new ModelVersion();
        base.key = new ModelVersion.Key(model.id, 0);
        base.artifactLocation = request.artifactLocation().strip();
        base.artifactSha256 = request.artifactSha256();
        base.committedAt = now;
        base.persist();
        return ModelView.of(model);
    }

    @Transactional
    public List<ModelView> list() {
        return Model.<Model>listAll(io.quarkus.panache.common.Sort.by("id")).stream().map(ModelView::of).toList();
    }

    @Transactional
    public ModelView get(String id) {
        return ModelView.of(find(id));
    }

    @Transactional
    public List<VersionView> versions(String id) {
        Model model = find(id);
        return ModelVersion.history(id).stream().map(v -> VersionView.of(v, model.currentVersion)).toList();
    }

    @Transactional
    public VersionView currentVersion(String id) {
        Model model = find(id);
        ModelVersion current = ModelVersion.findById(new ModelVersion.Key(id, model.currentVersion));
        return VersionView.of(current, model.currentVersion);
    }

    /**
     * Records an operator's rollback to an earlier version and emits {@code model.rollback.requested};
     * the model's current version moves when the worker commits the restored weights.
     */
    @Transactional
    public RollbackView requestRollback(String id, RollbackRequest request, String operator) {
        Model model = Panache.getEntityManager().find(Model.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (model == null) {
            throw new NotFoundProblem("model", id);
        }
        int target = request.targetVersion();
        if (target >= model.currentVersion) {
            throw new InvalidFieldProblem("targetVersion", "must be an earlier version than the current version "
                    + model.currentVersion);
        }
        if (ModelVersion.findById(new ModelVersion.Key(id, target)) == null) {
            throw new InvalidFieldProblem("targetVersion", "model '" + id + "' has no version " + target);
        }
        String reason = request.reason().strip();
        EventEnvelope<ModelRollbackRequested> event = outbox.record(Actor.user(operator),
                new ModelRollbackRequested(id, model.currentVersion, target, reason, operator));
        ModelRollback rollback = new ModelRollback();
        rollback.id = UUID.randomUUID();
        rollback.modelId = id;
        rollback.fromVersion = model.currentVersion;
        rollback.targetVersion = target;
        rollback.reason = reason;
        rollback.requestedBy = operator;
        rollback.requestedAt = event.occurredAt();
        rollback.eventId = UUID.fromString(event.eventId());
        rollback.persist();
        return RollbackView.of(rollback);
    }

    private static Model find(String id) {
        Model model = Model.findById(id);
        if (model == null) {
            throw new NotFoundProblem("model", id);
        }
        return model;
    }
}

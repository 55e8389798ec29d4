package org.editgov.requestapi.batches;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.editgov.contracts.Actor;
import org.editgov.contracts.BatchEdit;
import org.editgov.contracts.BatchRequested;
import org.editgov.contracts.EventCodec;
import org.editgov.requestapi.common.ConflictProblem;
import org.editgov.requestapi.common.NotFoundProblem;
import org.editgov.requestapi.edits.EditLifecycle;
import org.editgov.requestapi.edits.EditRequest;
import org.editgov.requestapi.edits.EditState;
import org.editgov.requestapi.models.Model;
import org.editgov.requestapi.outbox.Outbox;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Freezes a model's approved edits into a batch and records {@code batch.requested} with every edit's
 * payload. The model's row is locked while cutting, so however many request-api instances fire at the
 * same moment, each firing cuts one batch and every approved edit lands in exactly one batch.
 */
@ApplicationScoped
public class BatchCutter {

    /** The actor of batches that a policy cut: request-api itself, by its Keycloak client id. */
    public static final String SERVICE_ACTOR = "request-api";

    private static final ObjectMapper SIZE_MAPPER = EventCodec.newObjectMapper();

    /**
     * Largest {@code batch.requested} document, in bytes: Kafka refuses records above about 1 MB by
     * default, so a batch takes edits until the next would cross this, and the rest wait for the next one.
     */
    @ConfigProperty(name = "editgov.batches.max-event-bytes", defaultValue = "900000")
    int maxEventBytes;

    @Inject
    EditLifecycle lifecycle;

    @Inject
    Outbox outbox;

    /** Each policy with what waits for it, to decide which models are due without locking anything. */
    @Transactional
    public List<String> dueModels(Instant now) {
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                SELECT p.model_id, p.next_cron_at, p.max_size, p.max_wait_seconds, count(e.id), min(e.approved_at)
                FROM batch_policy p
                LEFT JOIN edit_request e ON e.model_id = p.model_id AND e.state = 'APPROVED'
                GROUP BY p.model_id, p.next_cron_at, p.max_size, p.max_wait_seconds
                """, Object[].class).getResultList();
        List<String> due = new ArrayList<>();
        for (Object[] row : rows) {
            Long maxWait = row[3] == null ? null : ((Number) row[3]).longValue();
            FiringRule rule = new FiringRule(toInstant(row[1]), row[2] == null ? null : ((Number) row[2]).intValue(),
                    maxWait == null ? null : java.time.Duration.ofSeconds(maxWait));
            if (rule.firing(now, ((Number) row[4]).longValue(), toInstant(row[5])).isPresent()) {
                due.add((String) row[0]);
            }
        }
        return due;
    }

    /**
     * Fires the model's policy if it is due: moves the cron schedule on and cuts a batch of what waits.
     * Returns empty when another instance holds the model (it is cutting right now) or nothing is due.
     */
    @Transactional
    public Optional<Batch> fireIfDue(String modelId, Instant now) {
        List<?> locked = Panache.getEntityManager()
                .createNativeQuery("SELECT id FROM model WHERE id = :id FOR UPDATE SKIP LOCKED")
                .setParameter("id", modelId)
                .getResultList();
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        Model model = Model.findById(modelId);
        BatchPolicy policy = BatchPolicy.findById(modelId);
        if (policy == null) {
            return Optional.empty();
        }
        Object[] waiting = Panache.getEntityManager().createQuery(
                        "select count(e), min(e.approvedAt) from EditRequest e where e.modelId = ?1 and e.state = ?2",
                        Object[].class)
                .setParameter(1, modelId).setParameter(2, EditState.APPROVED).getSingleResult();
        long count = ((Number) waiting[0]).longValue();
        Optional<BatchTrigger> trigger = policy.rule().firing(now, count, (Instant) waiting[1]);
        if (trigger.isEmpty()) {
            return Optional.empty();
        }
        if (trigger.get() == BatchTrigger.CRON) {
            policy.nextCronAt = CronSchedule.parse(policy.cron).nextAfter(now);
        }
        if (count == 0) {
            return Optional.empty();
        }
        return Optional.of(freeze(model, trigger.get(), policy.rule().batchLimit(), Actor.service(SERVICE_ACTOR), now));
    }

    /** An operator cuts a batch now, whatever the policy says. */
    @Transactional
    public Batch cutNow(String modelId, String operator) {
        Model model = Panache.getEntityManager().find(Model.class, modelId, LockModeType.PESSIMISTIC_WRITE);
        if (model == null) {
            throw new NotFoundProblem("model", modelId);
        }
        BatchPolicy policy = BatchPolicy.findById(modelId);
        int limit = policy == null ? Integer.MAX_VALUE : policy.rule().batchLimit();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (EditRequest.count("modelId = ?1 and state = ?2", modelId, EditState.APPROVED) == 0) {
            throw new ConflictProblem("nothing-to-batch", "model '" + modelId + "' has no approved edits waiting for a batch");
        }
        return freeze(model, BatchTrigger.MANUAL, limit, Actor.user(operator), now);
    }

    private Batch freeze(Model model, BatchTrigger trigger, int limit, Actor actor, Instant at) {
        List<EditRequest> approved = EditRequest.<EditRequest>find(
                        "modelId = ?1 and state = ?2 order by approvedAt, id", model.id, EditState.APPROVED)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(0, Math.min(limit, 100_000))
                .list();
        Batch batch = new Batch();
        batch.id = UUID.randomUUID();
        batch.modelId = model.id;
        batch.seq = nextSeq(model.id);
        batch.state = BatchState.SCHEDULED;
        batch.trigger = trigger;
        batch.baseVersion = model.currentVersion;
        batch.createdBy = actor.id();
        batch.createdAt = at;
        List<BatchEdit> payload = new ArrayList<>();
        int bytes = 2_000;
        for (EditRequest edit : approved) {
            BatchEdit item = new BatchEdit(edit.id.toString(), edit.subject, edit.prompt, edit.targetNew,
                    edit.targetTrue, edit.rationale, edit.evidenceLinks, edit.proposer, edit.approver);
            bytes += sizeOf(item);
            if (!payload.isEmpty() && bytes > maxEventBytes) {
                break;
            }
            payload.add(item);
        }
        batch.editCount = payload.size();
        batch.persist();
        for (EditRequest edit : approved.subList(0, payload.size())) {
            edit.batchId = batch.id;
            lifecycle.move(edit, EditState.SCHEDULED, actor.id(), "batch #" + batch.seq + " (" + trigger + ")", at);
        }
        outbox.record(actor, new BatchRequested(batch.id.toString(), model.id, model.currentVersion, model.editMethod,
                model.editSettings, model.gates(), payload));
        return batch;
    }

    private static int nextSeq(String modelId) {
        Number max = Panache.getEntityManager()
                .createQuery("select coalesce(max(b.seq), 0) from Batch b where b.modelId = ?1", Number.class)
                .setParameter(1, modelId).getSingleResult();
        return max.intValue() + 1;
    }

    private static int sizeOf(BatchEdit item) {
        try {
            return SIZE_MAPPER.writeValueAsBytes(item).length + 1;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot size a batch edit", e);
        }
    }

    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}

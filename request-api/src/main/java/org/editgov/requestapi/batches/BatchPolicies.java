package org.editgov.requestapi.batches;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.editgov.requestapi.common.InvalidFieldProblem;
import org.editgov.requestapi.common.NotFoundProblem;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Sets and replaces batch policies, checking the cron expression once, when it is given. */
@ApplicationScoped
public class BatchPolicies {

    /** Creates or replaces the policy of a model; the cron schedule counts from now. */
    @Transactional
    public BatchPolicyView set(String modelId, BatchPolicyInput input, String operator) {
        BatchQueries.requireModel(modelId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String cron = input.cron() == null || input.cron().isBlank() ? null : input.cron().strip();
        if (cron == null && input.maxSize() == null && input.maxWaitSeconds() == null) {
            throw new InvalidFieldProblem("cron", "set at least one of cron, maxSize and maxWaitSeconds");
        }
        Instant nextCronAt = null;
        if (cron != null) {
            try {
                nextCronAt = CronSchedule.parse(cron).nextAfter(now);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new InvalidFieldProblem("cron", e.getMessage());
            }
        }
        BatchPolicy policy = BatchPolicy.findById(modelId);
        if (policy == null) {
            policy = new BatchPolicy();
            policy.modelId = modelId;
        }
        policy.cron = cron;
        policy.maxSize = input.maxSize();
        policy.maxWaitSeconds = input.maxWaitSeconds();
        policy.nextCronAt = nextCronAt;
        policy.updatedBy = operator;
        policy.updatedAt = now;
        policy.persist();
        return BatchPolicyView.of(policy);
    }

    /** Removes the policy: the model's approved edits then wait for an operator to cut a batch. */
    @Transactional
    public void remove(String modelId) {
        BatchQueries.requireModel(modelId);
        if (!BatchPolicy.deleteById(modelId)) {
            throw new NotFoundProblem("batch policy of model", modelId);
        }
    }
}

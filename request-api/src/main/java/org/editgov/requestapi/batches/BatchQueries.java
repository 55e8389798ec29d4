package org.editgov.requestapi.batches;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.editgov.requestapi.common.NotFoundProblem;
import org.editgov.requestapi.models.Model;

import java.util.List;
import java.util.UUID;

/** Reading batches and policies. */
@ApplicationScoped
public class BatchQueries {

    @Transactional
    public BatchView get(UUID id) {
        Batch batch = Batch.findById(id);
        if (batch == null) {
            throw new NotFoundProblem("batch", id);
        }
        return view(batch);
    }

    @Transactional
    public List<BatchView> ofModel(String modelId) {
        requireModel(modelId);
        return Batch.<Batch>list("modelId = ?1 order by seq desc", modelId).stream().map(BatchQueries::view).toList();
    }

    @Transactional
    public BatchPolicyView policy(String modelId) {
        requireModel(modelId);
        BatchPolicy policy = BatchPolicy.findById(modelId);
        if (policy == null) {
            throw new NotFoundProblem("batch policy of model", modelId);
        }
        return BatchPolicyView.of(policy);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public static BatchView view(Batch batch) {
        List<UUID> editIds = Panache.getEntityManager()
                .createQuery("select e.id from EditRequest e where e.batchId = ?1 order by e.approvedAt, e.id", UUID.class)
                .setParameter(1, batch.id).getResultList();
        return BatchView.of(batch, editIds);
    }

    static void requireModel(String modelId) {
        if (Model.findById(modelId) == null) {
            throw new NotFoundProblem("model", modelId);
        }
    }
}

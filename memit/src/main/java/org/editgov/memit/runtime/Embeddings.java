package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/** {@code wte} (token) plus {@code wpe} (position) embeddings; positions count from 0 (right padding). */
final class Embeddings {

    private final Gpt2Weights weights;

    Embeddings(Gpt2Weights weights) {
        this.weights = weights;
    }

    /** (B, T) int64 ids to (B, T, nEmbd). */
    NDArray forward(NDArray inputIds, ForwardContext context) {
        NDManager manager = context.manager();
        long length = inputIds.getShape().get(1);
        // Embedding.embedding puts its result in the manager of its first argument, the ids, so
        // nothing of the step is attached to the weights' long-lived manager.
        NDArray tokens = Embedding.embedding(inputIds, weights.get("wte.weight"), SparseFormat.DENSE).singletonOrThrow();
        NDArray positionIds = manager.arange(0L, length, 1L, ai.djl.ndarray.types.DataType.INT64);
        NDArray positions = Embedding.embedding(positionIds, weights.get("wpe.weight"), SparseFormat.DENSE).singletonOrThrow();
        return tokens.add(positions);
    }
}

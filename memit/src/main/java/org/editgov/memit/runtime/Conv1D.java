package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;

/** GPT-2's "Conv1D": a linear map whose weight is stored (in, out), so y = x W + b. */
final class Conv1D {

    private final Gpt2Weights weights;
    private final String prefix;

    Conv1D(Gpt2Weights weights, String prefix) {
        this.weights = weights;
        this.prefix = prefix;
    }

    NDArray forward(NDArray x) {
        return x.matMul(weights.get(prefix + ".weight")).add(weights.get(prefix + ".bias"));
    }
}

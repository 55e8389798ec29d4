package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** {@code ln_1}, {@code ln_2}, {@code ln_f}: normalise over the last axis, then scale and shift. */
final class LayerNorm {

    private final Gpt2Weights weights;
    private final String prefix;
    private final float epsilon;

    LayerNorm(Gpt2Weights weights, String prefix) {
        this.weights = weights;
        this.prefix = prefix;
        this.epsilon = (float) weights.config().layerNormEpsilon();
    }

    NDArray forward(NDArray x) {
        NDArray gamma = weights.get(prefix + ".weight");
        NDArray beta = weights.get(prefix + ".bias");
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, epsilon)
                .singletonOrThrow();
    }
}

package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;

/**
 * {@code h.l.mlp}: c_proj(gelu_new(c_fc(x))). The activated hidden vector entering c_proj is
 * MEMIT's key k; c_proj's weight is the matrix MEMIT rewrites.
 */
final class Mlp {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private final Conv1D cFc;
    private final Conv1D cProj;
    private final int layer;

    Mlp(Gpt2Weights weights, int layer) {
        this.cFc = new Conv1D(weights, "h." + layer + ".mlp.c_fc");
        this.cProj = new Conv1D(weights, "h." + layer + ".mlp.c_proj");
        this.layer = layer;
    }

    NDArray forward(NDArray x, ForwardContext context) {
        NDArray keys = context.hooks().apply(Site.MLP_KEYS, layer, geluNew(cFc.forward(x)));
        return cProj.forward(keys);
    }

    /** GPT-2's gelu: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    static NDArray geluNew(NDArray x) {
        NDArray inner = Constants.mul(x.add(Constants.mul(x.mul(x).mul(x), 0.044715)), SQRT_2_OVER_PI);
        return Constants.mul(x.mul(inner.tanh().add(1)), 0.5);
    }
}

package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;

/** {@code h.l}: x + attn(ln_1(x)), then + mlp(ln_2(x)) (pre-LayerNorm residual block). */
final class Block {

    private final LayerNorm ln1;
    private final CausalSelfAttention attn;
    private final LayerNorm ln2;
    private final Mlp mlp;
    private final int layer;

    Block(Gpt2Weights weights, int layer) {
        this.ln1 = new LayerNorm(weights, "h." + layer + ".ln_1");
        this.attn = new CausalSelfAttention(weights, layer);
        this.ln2 = new LayerNorm(weights, "h." + layer + ".ln_2");
        this.mlp = new Mlp(weights, layer);
        this.layer = layer;
    }

    NDArray forward(NDArray x, ForwardContext context) {
        Hooks hooks = context.hooks();
        NDArray attended = hooks.apply(Site.ATTN_OUTPUT, layer, attn.forward(ln1.forward(x), context));
        NDArray h = x.add(attended);
        NDArray mlpOut = hooks.apply(Site.MLP_OUTPUT, layer, mlp.forward(ln2.forward(h), context));
        return hooks.apply(Site.BLOCK_OUTPUT, layer, h.add(mlpOut));
    }
}

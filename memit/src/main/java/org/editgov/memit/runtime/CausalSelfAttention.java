package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * {@code h.l.attn}: multi-head self-attention, each token attending to itself and earlier real
 * tokens. att = softmax(q k^T / sqrt(d_head) + bias) v, heads concatenated, then {@code c_proj}.
 */
final class CausalSelfAttention {

    private final Conv1D cAttn;
    private final Conv1D cProj;
    private final int nHead;
    private final int headDim;
    private final int layer;

    CausalSelfAttention(Gpt2Weights weights, int layer) {
        this.layer = layer;
        String prefix = "h." + layer + ".attn";
        this.cAttn = new Conv1D(weights, prefix + ".c_attn");
        this.cProj = new Conv1D(weights, prefix + ".c_proj");
        this.nHead = weights.config().nHead();
        this.headDim = weights.config().headDim();
    }

    /** (B, T, C) to (B, T, C). */
    NDArray forward(NDArray x, ForwardContext context) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        long width = x.getShape().get(2);
        NDList qkv = cAttn.forward(x).split(3, 2);
        NDArray q = heads(qkv.get(0), batch, length);
        NDArray k = heads(qkv.get(1), batch, length);
        NDArray v = heads(qkv.get(2), batch, length);
        KeyValues keyValues = context.keyValues();
        if (keyValues != null) {
            keyValues.record(layer, k, v);
            NDArray[] earlier = keyValues.prefixOf(layer);
            if (earlier != null) {
                // The result would belong to the earlier tensors' manager, which outlives the pass.
                k = earlier[0].concat(k, 2);
                v = earlier[1].concat(v, 2);
                k.attach(context.manager());
                v.attach(context.manager());
            }
        }
        NDArray scores = Constants.div(q.matMul(k.transpose(0, 1, 3, 2)), Math.sqrt(headDim)).add(context.attentionBias());
        NDArray y = scores.softmax(-1).matMul(v);
        return cProj.forward(y.transpose(0, 2, 1, 3).reshape(batch, length, width));
    }

    /** (B, T, C) to (B, H, T, d_head). */
    private NDArray heads(NDArray x, long batch, long length) {
        return x.reshape(batch, length, nHead, headDim).transpose(0, 2, 1, 3);
    }
}

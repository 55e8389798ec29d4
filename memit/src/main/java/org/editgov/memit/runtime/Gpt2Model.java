package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPT-2 forward pass over NDArrays, batched: ids (B, T) right-padded, a (B, T) attention
 * mask of 1 for real tokens and 0 for padding, logits (B, T, vocab). The whole batch goes through
 * each layer as one set of batched matrix products; nothing loops over tokens.
 *
 * <p>Every tensor the pass creates belongs to the manager of {@code inputIds}: open a
 * sub-manager per step, create the ids in it, and close it to free the step. Weights are read by
 * name at every call, so {@link Gpt2Weights#replace} takes effect at once. Inside a DJL
 * {@code GradientCollector} the logits are differentiable with respect to every weight that
 * requires a gradient and every vector added through {@link Hooks}.
 */
public final class Gpt2Model {

    /** Added to attention scores that must get no weight; exp() of it is 0 in float32. */
    private static final float MASKED = -1e9f;

    private final Gpt2Config config;
    private final Gpt2Weights weights;
    private final Embeddings embeddings;
    private final List<Block> blocks;
    private final LayerNorm lnF;

    public Gpt2Model(Gpt2Config config, Gpt2Weights weights) {
        if (!config.equals(weights.config())) {
            throw new IllegalArgumentException("weights were made for " + weights.config() + ", not " + config);
        }
        this.config = config;
        this.weights = weights;
        this.embeddings = new Embeddings(weights);
        this.blocks = new ArrayList<>();
        for (int l = 0; l < config.nLayer(); l++) {
            blocks.add(new Block(weights, l));
        }
        this.lnF = new LayerNorm(weights, "ln_f");
    }

    public Gpt2Config config() {
        return config;
    }

    public Gpt2Weights weights() {
        return weights;
    }

    /** Logits (B, T, vocab) float32. */
    public NDArray forward(NDArray inputIds, NDArray attentionMask) {
        return forward(inputIds, attentionMask, new Hooks());
    }

    /** Logits (B, T, vocab) float32, with the reads and changes of {@code hooks} applied. */
    public NDArray forward(NDArray inputIds, NDArray attentionMask, Hooks hooks) {
        return logits(hidden(inputIds, attentionMask, hooks));
    }

    /** Final hidden states after {@code ln_f}, (B, T, nEmbd): project selected rows with {@link #logits}. */
    public NDArray hidden(NDArray inputIds, NDArray attentionMask, Hooks hooks) {
        return lnF.forward(runThrough(inputIds, attentionMask, hooks, config.nLayer() - 1));
    }

    /**
     * Runs blocks 0..{@code lastLayer} only and returns the residual stream after block
     * {@code lastLayer}, (B, T, nEmbd): enough for hooks at or below that layer (MEMIT keys,
     * covariance statistics) without paying for the layers above and the LM head.
     */
    public NDArray runThrough(NDArray inputIds, NDArray attentionMask, Hooks hooks, int lastLayer) {
        if (lastLayer < 0 || lastLayer >= config.nLayer()) {
            throw new IllegalArgumentException("layer " + lastLayer + " is outside 0.." + (config.nLayer() - 1));
        }
        Shape shape = inputIds.getShape();
        if (shape.dimension() != 2 || !shape.equals(attentionMask.getShape())) {
            throw new IllegalArgumentException(
                    "input ids " + shape + " and attention mask " + attentionMask.getShape() + " must both be (B, T)");
        }
        if (shape.get(1) > config.nPositions()) {
            throw new IllegalArgumentException(
                    "sequence of " + shape.get(1) + " tokens is longer than the model's " + config.nPositions() + " positions");
        }
        NDManager manager = inputIds.getManager();
        NDArray ids = inputIds.getDataType() == DataType.INT64 ? inputIds : inputIds.toType(DataType.INT64, false);
        ForwardContext context = new ForwardContext(manager, attentionBias(manager, attentionMask), hooks, null);
        NDArray x = hooks.apply(Site.EMBEDDINGS, 0, embeddings.forward(ids, context));
        for (Block block : blocks.subList(0, lastLayer + 1)) {
            x = block.forward(x, context);
        }
        return x;
    }

    /**
     * Runs blocks {@code firstLayer}..n-1 on a given residual stream entering block
     * {@code firstLayer} (what {@code runThrough(.., firstLayer - 1)} returned, or the
     * embeddings for layer 0, plus anything the caller added) and returns the hidden states
     * after {@code ln_f}. Lets an optimisation that only changes upper layers (MEMIT's z) run the
     * frozen lower blocks once. Step tensors go to the manager of {@code residual}.
     */
    public NDArray hiddenFrom(NDArray residual, NDArray attentionMask, Hooks hooks, int firstLayer) {
        return hiddenFrom(residual, attentionMask, hooks, firstLayer, null);
    }

    /** {@link #hiddenFrom}, with each block's attention keys and values recorded into {@code recorder}. */
    public NDArray hiddenFrom(NDArray residual, NDArray attentionMask, Hooks hooks, int firstLayer, KeyValues recorder) {
        if (firstLayer < 0 || firstLayer >= config.nLayer()) {
            throw new IllegalArgumentException("layer " + firstLayer + " is outside 0.." + (config.nLayer() - 1));
        }
        Shape shape = residual.getShape();
        if (shape.dimension() != 3 || shape.get(2) != config.nEmbd()
                || !new Shape(shape.get(0), shape.get(1)).equals(attentionMask.getShape())) {
            throw new IllegalArgumentException("residual " + shape + " must be (B, T, " + config.nEmbd()
                    + ") for an attention mask " + attentionMask.getShape());
        }
        NDManager manager = residual.getManager();
        ForwardContext context = new ForwardContext(manager, attentionBias(manager, attentionMask), hooks, recorder);
        NDArray x = residual;
        for (Block block : blocks.subList(firstLayer, config.nLayer())) {
            x = block.forward(x, context);
        }
        return lnF.forward(x);
    }

    /**
     * Runs blocks {@code firstLayer}..n-1 on the later tokens of each row only. The earlier
     * columns are not computed again: each block reads their attention keys and values from
     * {@code earlier} (recorded by a {@link #hiddenFrom} pass over whole rows, (B, H, P, d_head)),
     * of which row b may attend to the columns where {@code earlierMask} is 1. Every later token
     * attends to all of those and to the later tokens up to itself. Exact when nothing in the
     * earlier columns differs from the recorded pass.
     *
     * @param later residual (B, S, nEmbd) entering block {@code firstLayer} at the later tokens
     * @param laterMask (B, S): 1 for real tokens, 0 for padding
     * @param earlierMask (B, P): 1 where the recorded column precedes this row's later tokens
     * @return hidden states after {@code ln_f} of the later tokens, (B, S, nEmbd)
     */
    public NDArray hiddenFromLater(NDArray later, NDArray laterMask, KeyValues earlier, NDArray earlierMask, Hooks hooks,
            int firstLayer) {
        if (firstLayer < 0 || firstLayer >= config.nLayer()) {
            throw new IllegalArgumentException("layer " + firstLayer + " is outside 0.." + (config.nLayer() - 1));
        }
        Shape shape = later.getShape();
        long batch = shape.get(0);
        long length = shape.get(1);
        long columns = earlierMask.getShape().get(1);
        if (shape.dimension() != 3 || shape.get(2) != config.nEmbd() || !new Shape(batch, length).equals(laterMask.getShape())
                || earlierMask.getShape().get(0) != batch) {
            throw new IllegalArgumentException("later residual " + shape + ", its mask " + laterMask.getShape()
                    + " and the earlier mask " + earlierMask.getShape() + " do not fit together");
        }
        NDManager manager = later.getManager();
        NDArray earlierFloat = earlierMask.getDataType() == DataType.FLOAT32
                ? earlierMask
                : earlierMask.toType(DataType.FLOAT32, false);
        NDArray earlierBias = earlierFloat.sub(1f).mul(-MASKED).reshape(batch, 1, 1, columns)
                .broadcast(batch, 1, length, columns);
        NDArray bias = earlierBias.concat(attentionBias(manager, laterMask), 3);
        ForwardContext context = new ForwardContext(manager, bias, hooks, earlier);
        NDArray x = later;
        for (Block block : blocks.subList(firstLayer, config.nLayer())) {
            x = block.forward(x, context);
        }
        return lnF.forward(x);
    }

    /** Logits of hidden states (..., nEmbd) through the LM head tied to {@code wte}: (..., vocab). */
    public NDArray logits(NDArray hidden) {
        return Linear.linear(hidden, weights.get("wte.weight")).singletonOrThrow();
    }

    /** (B, 1, T, T): causal mask plus key padding mask, as additive scores. */
    private static NDArray attentionBias(NDManager manager, NDArray attentionMask) {
        int batch = Math.toIntExact(attentionMask.getShape().get(0));
        int length = Math.toIntExact(attentionMask.getShape().get(1));
        float[] causal = new float[length * length];
        for (int query = 0; query < length; query++) {
            for (int key = query + 1; key < length; key++) {
                causal[query * length + key] = MASKED;
            }
        }
        NDArray causalBias = manager.create(causal, new Shape(1, 1, length, length));
        NDArray mask = attentionMask.getDataType() == DataType.FLOAT32
                ? attentionMask
                : attentionMask.toType(DataType.FLOAT32, false);
        NDArray paddingBias = mask.sub(1f).mul(-MASKED).reshape(batch, 1, 1, length);
        return causalBias.add(paddingBias);
    }
}

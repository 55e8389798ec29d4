package org.editgov.memit.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Hooks;
import org.editgov.memit.runtime.Site;
import org.editgov.memit.runtime.TokenBatch;

/** Reads one hidden state per prompt (at a site, a layer and a token), in batches, without gradients. */
final class Activations {

    /** Prompts per forward pass: bounds the memory of a read. */
    static final int BATCH = 128;

    private Activations() {
    }

    /** Row i is the state at {@code site} of {@code layer} at token {@code positions[i]} of prompt i. */
    static float[][] read(Gpt2Model model, int padId, List<int[]> prompts, int[] positions, Site site, int layer) {
        float[][] rows = new float[prompts.size()][];
        for (int from = 0; from < prompts.size(); from += BATCH) {
            int to = Math.min(prompts.size(), from + BATCH);
            try (NDManager step = model.weights().manager().newSubManager()) {
                TokenBatch batch = TokenBatch.rightPadded(step, prompts.subList(from, to), padId);
                Hooks hooks = new Hooks().capture(site, layer);
                model.runThrough(batch.ids(), batch.mask(), hooks, layer);
                NDArray states = hooks.captured(site, layer);
                int[] chunkPositions = Arrays.copyOfRange(positions, from, to);
                float[] flat = gatherRows(step, states, chunkPositions).toFloatArray();
                int width = Math.toIntExact(states.getShape().get(2));
                for (int i = 0; i < to - from; i++) {
                    rows[from + i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
                }
            }
        }
        return rows;
    }

    /** (B, T, W) states to (B, W): row b at token positions[b]. Differentiable (torch gather). */
    static NDArray gatherRows(NDManager manager, NDArray states, int[] positions) {
        long width = states.getShape().get(2);
        long[] index = new long[positions.length];
        for (int b = 0; b < positions.length; b++) {
            index[b] = positions[b];
        }
        NDArray idx = manager.create(index, new Shape(positions.length, 1, 1)).broadcast(positions.length, 1, width);
        return states.gather(idx, 1).reshape(positions.length, width);
    }
}

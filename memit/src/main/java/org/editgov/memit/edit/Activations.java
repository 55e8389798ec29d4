package org.editgov.memit.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

    /**
     * Row i is the state at {@code site} of {@code layer} at token {@code positions[i]} of prompt i.
     * Prompts are batched in order of length, so that a batch padded to its longest carries
     * little padding; each prompt's state does not depend on its batch.
     */
    static float[][] read(Gpt2Model model, int padId, List<int[]> prompts, int[] positions, Site site, int layer) {
        float[][] rows = new float[prompts.size()][];
        Integer[] order = new Integer[prompts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> prompts.get(i).length).thenComparingInt(i -> i));
        for (int from = 0; from < prompts.size(); from += BATCH) {
            int to = Math.min(prompts.size(), from + BATCH);
            List<int[]> batchPrompts = new ArrayList<>();
            int[] chunkPositions = new int[to - from];
            for (int k = from; k < to; k++) {
                batchPrompts.add(prompts.get(order[k]));
                chunkPositions[k - from] = positions[order[k]];
            }
            try (NDManager step = model.weights().manager().newSubManager()) {
                TokenBatch batch = TokenBatch.rightPadded(step, batchPrompts, padId);
                Hooks hooks = new Hooks().capture(site, layer);
                model.runThrough(batch.ids(), batch.mask(), hooks, layer);
                NDArray states = hooks.captured(site, layer);
                float[] flat = gatherRows(step, states, chunkPositions).toFloatArray();
                int width = Math.toIntExact(states.getShape().get(2));
                for (int k = from; k < to; k++) {
                    rows[order[k]] = Arrays.copyOfRange(flat, (k - from) * width, (k - from + 1) * width);
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

package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Sequences of different lengths as one right-padded batch.
 *
 * @param ids (B, T) int64, padded after each sequence with the pad id
 * @param mask (B, T) float32, 1 for real tokens, 0 for padding
 * @param lengths real length of each row
 */
public record TokenBatch(NDArray ids, NDArray mask, int[] lengths) {

    /** Pads to the longest sequence; every sequence must have at least one token. */
    public static TokenBatch rightPadded(NDManager manager, List<int[]> sequences, int padId) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one sequence");
        }
        int batch = sequences.size();
        int length = 0;
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = sequences.get(b).length;
            if (lengths[b] == 0) {
                throw new IllegalArgumentException("sequence " + b + " is empty");
            }
            length = Math.max(length, lengths[b]);
        }
        long[] ids = new long[batch * length];
        float[] mask = new float[batch * length];
        for (int b = 0; b < batch; b++) {
            int[] sequence = sequences.get(b);
            for (int t = 0; t < length; t++) {
                boolean real = t < sequence.length;
                ids[b * length + t] = real ? sequence[t] : padId;
                mask[b * length + t] = real ? 1f : 0f;
            }
        }
        Shape shape = new Shape(batch, length);
        return new TokenBatch(manager.create(ids, shape), manager.create(mask, shape), lengths);
    }

    /** Index of each row's last real token (the position that predicts the next token). */
    public int[] lastPositions() {
        int[] last = new int[lengths.length];
        for (int b = 0; b < lengths.length; b++) {
            last[b] = lengths[b] - 1;
        }
        return last;
    }
}

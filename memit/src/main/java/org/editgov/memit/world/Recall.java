package org.editgov.memit.world;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.TokenBatch;

/**
 * Top-1 recall: for each probe, is the model's most likely next token the first token of the
 * answer? The answer is tokenized with a leading space, as it follows the prompt in text (a
 * byte-level BPE needs it; a word-level tokenizer ignores it). Prompts longer than the model's
 * positions keep their last tokens.
 */
public final class Recall {

    private static final int BATCH = 64;

    private Recall() {
    }

    /** Per-probe correctness, in probe order. */
    public static boolean[] correct(Gpt2Model model, Function<String, int[]> encode, int padId, List<Probe> probes) {
        boolean[] out = new boolean[probes.size()];
        int positions = model.config().nPositions();
        for (int start = 0; start < probes.size(); start += BATCH) {
            List<Probe> chunk = probes.subList(start, Math.min(probes.size(), start + BATCH));
            List<int[]> prompts = new ArrayList<>();
            int[] answers = new int[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                int[] ids = encode.apply(chunk.get(i).prompt());
                if (ids.length > positions) {
                    ids = java.util.Arrays.copyOfRange(ids, ids.length - positions, ids.length);
                }
                prompts.add(ids.length == 0 ? new int[] {padId} : ids);
                int[] answer = encode.apply(" " + chunk.get(i).answer());
                answers[i] = answer.length == 0 ? -1 : answer[0];
            }
            try (NDManager step = model.weights().manager().newSubManager()) {
                TokenBatch batch = TokenBatch.rightPadded(step, prompts, padId);
                NDArray logits = model.forward(batch.ids(), batch.mask());
                int[] last = batch.lastPositions();
                for (int i = 0; i < chunk.size(); i++) {
                    long predicted = logits.get(i, last[i]).argMax().getLong();
                    out[start + i] = predicted == answers[i];
                }
            }
        }
        return out;
    }

    /** The fraction of probes answered correctly (0 for no probes). */
    public static double top1(Gpt2Model model, Function<String, int[]> encode, int padId, List<Probe> probes) {
        if (probes.isEmpty()) {
            return 0;
        }
        int hits = 0;
        for (boolean c : correct(model, encode, padId, probes)) {
            hits += c ? 1 : 0;
        }
        return (double) hits / probes.size();
    }
}

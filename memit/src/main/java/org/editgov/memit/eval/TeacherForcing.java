package org.editgov.memit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Hooks;
import org.editgov.memit.runtime.TokenBatch;

/**
 * Scores continuations after prompts with the continuation fed in (teacher forcing), many pairs
 * per forward pass: the mean token NLL of each continuation, and the model's most likely token
 * at each continuation position (EasyEdit's token-level accuracy reads these).
 */
public final class TeacherForcing {

    /** Pairs per forward pass. */
    static final int BATCH = 64;

    /**
     * @param nll mean over the continuation's tokens of -log p(token | everything before it)
     * @param argmax the most likely token at each continuation position, given the true prefix
     */
    public record Score(double nll, int[] argmax) {

        /** Fraction of continuation tokens the model predicts exactly. */
        public double accuracy(int[] continuation) {
            int hits = 0;
            for (int j = 0; j < continuation.length; j++) {
                hits += argmax[j] == continuation[j] ? 1 : 0;
            }
            return (double) hits / continuation.length;
        }
    }

    private TeacherForcing() {
    }

    static List<Score> score(Gpt2Model model, int padId, List<int[]> prompts, List<int[]> continuations) {
        List<Score> scores = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += BATCH) {
            int to = Math.min(prompts.size(), from + BATCH);
            scores.addAll(scoreBatch(model, padId, prompts.subList(from, to), continuations.subList(from, to)));
        }
        return scores;
    }

    private static List<Score> scoreBatch(Gpt2Model model, int padId, List<int[]> prompts, List<int[]> continuations) {
        int n = prompts.size();
        int limit = model.config().nPositions();
        List<int[]> sequences = new ArrayList<>(n);
        List<Integer> firstScored = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            int[] prompt = prompts.get(b);
            int[] continuation = continuations.get(b);
            if (prompt.length == 0 || continuation.length == 0) {
                throw new IllegalArgumentException("an evaluation prompt or object encodes to no tokens");
            }
            if (prompt.length + continuation.length > limit) {
                // Keep the end: the tokens nearest the continuation matter for its prediction.
                prompt = Arrays.copyOfRange(prompt, prompt.length + continuation.length - limit, prompt.length);
            }
            int[] sequence = Arrays.copyOf(prompt, prompt.length + continuation.length);
            System.arraycopy(continuation, 0, sequence, prompt.length, continuation.length);
            sequences.add(sequence);
            firstScored.add(prompt.length - 1);
        }
        try (NDManager step = model.weights().manager().newSubManager()) {
            TokenBatch batch = TokenBatch.rightPadded(step, sequences, padId);
            int length = Math.toIntExact(batch.ids().getShape().get(1));
            List<Long> positions = new ArrayList<>();
            for (int b = 0; b < n; b++) {
                for (int j = 0; j < continuations.get(b).length; j++) {
                    positions.add((long) b * length + firstScored.get(b) + j);
                }
            }
            NDArray hidden = model.hidden(batch.ids(), batch.mask(), new Hooks());
            int width = model.config().nEmbd();
            long[] index = positions.stream().mapToLong(Long::longValue).toArray();
            NDArray picked = hidden.reshape((long) n * length, width)
                    .gather(step.create(index, new Shape(index.length, 1)).broadcast(index.length, width), 0);
            NDArray logProbs = model.logits(picked).logSoftmax(-1);
            long[] targets = new long[index.length];
            int p = 0;
            for (int[] continuation : continuations) {
                for (int token : continuation) {
                    targets[p++] = token;
                }
            }
            float[] tokenLogProbs = logProbs.gather(step.create(targets, new Shape(targets.length, 1)), 1).toFloatArray();
            long[] best = logProbs.argMax(1).toLongArray();
            List<Score> scores = new ArrayList<>(n);
            p = 0;
            for (int[] continuation : continuations) {
                double sum = 0;
                int[] argmax = new int[continuation.length];
                for (int j = 0; j < continuation.length; j++) {
                    sum -= tokenLogProbs[p];
                    argmax[j] = (int) best[p];
                    p++;
                }
                scores.add(new Score(sum / continuation.length, argmax));
            }
            return scores;
        }
    }
}

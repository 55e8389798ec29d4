package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * Reading the model's predictions on token ids: greedy and seeded top-k generation, next-token
 * probabilities, and the mean negative log-likelihood of a continuation. Each call runs in its
 * own sub-manager of the weights' manager and frees it before returning.
 */
public final class Generator {

    private final Gpt2Model model;
    private final int padId;

    /** {@code padId} fills batches; it is never attended to, so any valid id serves. */
    public Generator(Gpt2Model model, int padId) {
        this.model = model;
        this.padId = padId;
    }

    /** Appends up to {@code maxNewTokens} most likely tokens; stops after {@code stopId} (-1: never). */
    public int[] greedy(int[] prompt, int maxNewTokens, int stopId) {
        return generate(prompt, maxNewTokens, stopId, Generator::argMax);
    }

    /**
     * Appends up to {@code maxNewTokens} tokens, each drawn from the {@code k} most likely ones in
     * proportion to their probabilities, from a generator seeded with {@code seed}.
     */
    public int[] sampleTopK(int[] prompt, int maxNewTokens, int k, long seed, int stopId) {
        return sampleTopK(prompt, maxNewTokens, k, seed, stopId, -1);
    }

    /**
     * As {@link #sampleTopK(int[], int, int, long, int)}, but {@code bannedId} (-1: none) is never
     * drawn: its probability counts as 0, so the top k are chosen among the other tokens.
     */
    public int[] sampleTopK(int[] prompt, int maxNewTokens, int k, long seed, int stopId, int bannedId) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k must be at least 1, got " + k);
        }
        SplittableRandom random = new SplittableRandom(seed);
        return generate(prompt, maxNewTokens, stopId, probabilities -> {
            if (bannedId >= 0 && bannedId < probabilities.length) {
                probabilities[bannedId] = 0f;
            }
            return sampleTopK(probabilities, k, random);
        });
    }

    /** For each prompt, the probability of every vocabulary token coming next: (B) x (vocab). */
    public float[][] nextTokenProbabilities(List<int[]> prompts) {
        try (NDManager step = model.weights().manager().newSubManager()) {
            TokenBatch batch = TokenBatch.rightPadded(step, cropAll(prompts), padId);
            NDArray hidden = model.hidden(batch.ids(), batch.mask(), new Hooks());
            NDArray last = gatherRows(step, hidden, batch.lastPositions());
            NDArray probabilities = model.logits(last).softmax(-1);
            float[] flat = probabilities.toFloatArray();
            int vocab = model.config().vocabSize();
            float[][] rows = new float[prompts.size()][];
            for (int b = 0; b < rows.length; b++) {
                rows[b] = Arrays.copyOfRange(flat, b * vocab, (b + 1) * vocab);
            }
            return rows;
        }
    }

    /**
     * Mean over the tokens of each continuation of -log p(token | prompt, earlier continuation
     * tokens), one value per (prompt, continuation) pair, computed in one batch.
     */
    public double[] meanNll(List<int[]> prompts, List<int[]> continuations) {
        if (prompts.size() != continuations.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + continuations.size() + " continuations");
        }
        int batchSize = prompts.size();
        List<int[]> sequences = new ArrayList<>();
        for (int b = 0; b < batchSize; b++) {
            int[] prompt = prompts.get(b);
            int[] continuation = continuations.get(b);
            if (prompt.length == 0 || continuation.length == 0) {
                throw new IllegalArgumentException("pair " + b + " has an empty prompt or continuation");
            }
            int[] sequence = Arrays.copyOf(prompt, prompt.length + continuation.length);
            System.arraycopy(continuation, 0, sequence, prompt.length, continuation.length);
            if (sequence.length > model.config().nPositions()) {
                throw new IllegalArgumentException("pair " + b + " has " + sequence.length
                        + " tokens, more than the model's " + model.config().nPositions() + " positions");
            }
            sequences.add(sequence);
        }
        try (NDManager step = model.weights().manager().newSubManager()) {
            TokenBatch batch = TokenBatch.rightPadded(step, sequences, padId);
            int length = Math.toIntExact(batch.ids().getShape().get(1));
            // The token at t+1 is predicted at position t: target[b, t] = sequence[b][t + 1],
            // weighted 1 where t + 1 falls inside the continuation.
            long[] targets = new long[batchSize * length];
            float[] weights = new float[batchSize * length];
            for (int b = 0; b < batchSize; b++) {
                int[] sequence = sequences.get(b);
                int start = prompts.get(b).length;
                float weight = 1f / continuations.get(b).length;
                for (int t = start - 1; t < sequence.length - 1; t++) {
                    targets[b * length + t] = sequence[t + 1];
                    weights[b * length + t] = weight;
                }
            }
            NDArray logProbs = model.forward(batch.ids(), batch.mask()).logSoftmax(-1);
            NDArray picked = logProbs.gather(step.create(targets, new Shape(batchSize, length, 1)), 2)
                    .reshape(batchSize, length);
            NDArray nll = picked.mul(step.create(weights, new Shape(batchSize, length))).sum(new int[] {1}).neg();
            double[] result = new double[batchSize];
            float[] values = nll.toFloatArray();
            for (int b = 0; b < batchSize; b++) {
                result[b] = values[b];
            }
            return result;
        }
    }

    private int[] generate(int[] prompt, int maxNewTokens, int stopId, ToIntFunction<float[]> chooser) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        int[] tokens = prompt.clone();
        for (int i = 0; i < maxNewTokens; i++) {
            int next = chooser.applyAsInt(nextTokenProbabilities(List.of(tokens))[0]);
            tokens = Arrays.copyOf(tokens, tokens.length + 1);
            tokens[tokens.length - 1] = next;
            if (next == stopId) {
                break;
            }
        }
        return Arrays.copyOfRange(tokens, prompt.length, tokens.length);
    }

    /** Keeps the last nPositions tokens of a prompt that is longer than the model can read. */
    private List<int[]> cropAll(List<int[]> prompts) {
        int max = model.config().nPositions();
        List<int[]> cropped = new ArrayList<>(prompts.size());
        for (int[] prompt : prompts) {
            cropped.add(prompt.length > max ? Arrays.copyOfRange(prompt, prompt.length - max, prompt.length) : prompt);
        }
        return cropped;
    }

    /** Row b of the result is hidden[b, positions[b], :]. */
    private static NDArray gatherRows(NDManager manager, NDArray hidden, int[] positions) {
        long width = hidden.getShape().get(2);
        long[] index = new long[positions.length];
        for (int b = 0; b < positions.length; b++) {
            index[b] = positions[b];
        }
        NDArray idx = manager.create(index, new Shape(positions.length, 1, 1)).broadcast(positions.length, 1, width);
        return hidden.gather(idx, 1).reshape(positions.length, width);
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int sampleTopK(float[] probabilities, int k, SplittableRandom random) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Ties broken by id so the draw depends only on the seed and the probabilities.
        Arrays.sort(order, (a, b) -> probabilities[a] != probabilities[b]
                ? Float.compare(probabilities[b], probabilities[a])
                : Integer.compare(a, b));
        int top = Math.min(k, order.length);
        double total = 0;
        for (int i = 0; i < top; i++) {
            total += probabilities[order[i]];
        }
        double draw = random.nextDouble() * total;
        for (int i = 0; i < top; i++) {
            draw -= probabilities[order[i]];
            if (draw < 0) {
                return order[i];
            }
        }
        return order[top - 1];
    }
}

package org.editgov.memit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.editgov.memit.djl.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeneratorTest {

    static final Gpt2Config CONFIG = new Gpt2Config(29, 12, 16, 2, 4, 1e-5, Gpt2Config.GELU_NEW);

    NDManager manager;
    Gpt2Model model;
    Generator generator;

    @BeforeAll
    static void offline() {
        Djl.ensureOffline();
    }

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        model = new Gpt2Model(CONFIG, Gpt2ModelTest.perturbed(Gpt2Weights.randomInit(CONFIG, manager, 1), 2));
        generator = new Generator(model, 0);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** log-softmax of one logits row, in double. */
    private static double logProb(float[] logits, int offset, int vocab, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, logits[offset + v]);
        }
        double total = 0;
        for (int v = 0; v < vocab; v++) {
            total += Math.exp(logits[offset + v] - max);
        }
        return logits[offset + token] - max - Math.log(total);
    }

    private float[] logits(int[] ids) {
        try (NDManager step = manager.newSubManager()) {
            TokenBatch batch = TokenBatch.rightPadded(step, List.of(ids), 0);
            return model.forward(batch.ids(), batch.mask()).toFloatArray();
        }
    }

    @Test
    void meanNllMatchesAManualLogSoftmaxForEachPairOfABatch() {
        int[] promptA = {3, 4, 5};
        int[] continuationA = {6, 7};
        int[] promptB = {9};
        int[] continuationB = {10, 11, 12, 1};
        double[] nll = generator.meanNll(List.of(promptA, promptB), List.of(continuationA, continuationB));

        int vocab = CONFIG.vocabSize();
        float[] a = logits(new int[] {3, 4, 5, 6, 7});
        double expectedA = -(logProb(a, 2 * vocab, vocab, 6) + logProb(a, 3 * vocab, vocab, 7)) / 2;
        float[] b = logits(new int[] {9, 10, 11, 12, 1});
        double expectedB = -(logProb(b, 0, vocab, 10) + logProb(b, vocab, vocab, 11) + logProb(b, 2 * vocab, vocab, 12)
                + logProb(b, 3 * vocab, vocab, 1)) / 4;
        assertThat(nll[0]).isCloseTo(expectedA, within(1e-4));
        assertThat(nll[1]).isCloseTo(expectedB, within(1e-4));
    }

    @Test
    void nextTokenProbabilitiesAreTheSoftmaxAtEachPromptsLastToken() {
        int[] shortPrompt = {2, 3};
        int[] longPrompt = {5, 6, 7, 8, 9};
        float[][] probabilities = generator.nextTokenProbabilities(List.of(shortPrompt, longPrompt));
        int vocab = CONFIG.vocabSize();
        float[] shortLogits = logits(shortPrompt);
        float[] longLogits = logits(longPrompt);
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            assertThat((double) probabilities[0][v]).isCloseTo(Math.exp(logProb(shortLogits, vocab, vocab, v)), within(1e-5));
            assertThat((double) probabilities[1][v]).isCloseTo(Math.exp(logProb(longLogits, 4 * vocab, vocab, v)), within(1e-5));
            sum += probabilities[1][v];
        }
        assertThat(sum).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void greedyTakesTheMostLikelyTokenEachStep() {
        int[] prompt = {1, 2, 3};
        int[] generated = generator.greedy(prompt, 4, -1);
        assertThat(generated).hasSize(4);
        int[] sequence = prompt;
        for (int token : generated) {
            assertThat(token).isEqualTo(Generator.argMax(generator.nextTokenProbabilities(List.of(sequence))[0]));
            sequence = java.util.Arrays.copyOf(sequence, sequence.length + 1);
            sequence[sequence.length - 1] = token;
        }
    }

    @Test
    void greedyStopsAfterTheStopToken() {
        int[] prompt = {1, 2, 3};
        int first = generator.greedy(prompt, 1, -1)[0];
        assertThat(generator.greedy(prompt, 6, first)).containsExactly(first);
    }

    @Test
    void topKSamplingIsSeededAndStaysInTheTopK() {
        int[] prompt = {4, 4, 2};
        assertThat(generator.sampleTopK(prompt, 6, 5, 17, -1)).containsExactly(generator.sampleTopK(prompt, 6, 5, 17, -1));
        assertThat(generator.sampleTopK(prompt, 6, 1, 99, -1)).containsExactly(generator.greedy(prompt, 6, -1));

        float[] probabilities = generator.nextTokenProbabilities(List.of(prompt))[0];
        float[] sorted = probabilities.clone();
        java.util.Arrays.sort(sorted);
        float third = sorted[sorted.length - 3];
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            int token = generator.sampleTopK(prompt, 1, 3, seed, -1)[0];
            assertThat(probabilities[token]).isGreaterThanOrEqualTo(third);
            seen.add(token);
        }
        assertThat(seen).hasSizeGreaterThan(1);
    }

    @Test
    void promptsLongerThanTheContextKeepTheirLastTokens() {
        int[] longPrompt = new int[CONFIG.nPositions() + 5];
        for (int i = 0; i < longPrompt.length; i++) {
            longPrompt[i] = i % CONFIG.vocabSize();
        }
        int[] tail = java.util.Arrays.copyOfRange(longPrompt, 5, longPrompt.length);
        assertThat(generator.nextTokenProbabilities(List.of(longPrompt))[0])
                .containsExactly(generator.nextTokenProbabilities(List.of(tail))[0]);
        assertThat(generator.greedy(longPrompt, 3, -1)).hasSize(3);
    }
}

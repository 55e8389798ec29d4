package org.editgov.memit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Hooks;
import org.editgov.memit.runtime.TokenBatch;

/**
 * CounterFact's fluency figure GE: each prompt continued by seeded top-k sampling to
 * {@code length} tokens (prompt included, as the reference's max_out_len), and per text
 * mean(2/3 H2, 4/3 H3), Hn the entropy in bits of the text's word n-gram frequencies; GE is the
 * mean over texts. A model that repeats itself scores low.
 */
public final class GenerationEntropy {

    public static final int LENGTH = 100;
    public static final int TOP_K = 5;
    /** Words and punctuation runs, as a word tokenizer splits them. */
    private static final Pattern WORDS = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    private GenerationEntropy() {
    }

    /** GE of the texts {@code model} writes after {@code prompts}; row i sampled with seed + i. */
    public static double measure(Gpt2Model model, TextTokenizer tokenizer, List<String> prompts, long seed) {
        List<int[]> encoded = prompts.stream().map(tokenizer::encode).toList();
        List<int[]> texts = sample(model, tokenizer.padId(), encoded, Math.min(LENGTH, model.config().nPositions()), seed);
        double sum = 0;
        for (int[] text : texts) {
            sum += entropy(words(tokenizer.decode(text)));
        }
        return sum / texts.size();
    }

    /** Every prompt extended together, one forward pass per new token. */
    static List<int[]> sample(Gpt2Model model, int padId, List<int[]> prompts, int length, long seed) {
        List<int[]> sequences = new ArrayList<>();
        List<SplittableRandom> randoms = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).length == 0) {
                throw new IllegalArgumentException("generation prompt " + i + " encodes to no tokens");
            }
            sequences.add(prompts.get(i).length > length ? Arrays.copyOf(prompts.get(i), length) : prompts.get(i));
            randoms.add(new SplittableRandom(seed + i));
        }
        int vocab = model.config().vocabSize();
        while (sequences.stream().anyMatch(s -> s.length < length)) {
            List<Integer> growing = new ArrayList<>();
            for (int i = 0; i < sequences.size(); i++) {
                if (sequences.get(i).length < length) {
                    growing.add(i);
                }
            }
            try (NDManager step = model.weights().manager().newSubManager()) {
                TokenBatch batch = TokenBatch.rightPadded(step, growing.stream().map(sequences::get).toList(), padId);
                NDArray hidden = model.hidden(batch.ids(), batch.mask(), new Hooks());
                int[] last = batch.lastPositions();
                long width = hidden.getShape().get(2);
                long[] index = new long[last.length];
                for (int b = 0; b < last.length; b++) {
                    index[b] = last[b];
                }
                NDArray rows = hidden.gather(step.create(index, new Shape(last.length, 1, 1)).broadcast(last.length, 1, width), 1)
                        .reshape(last.length, width);
                float[] probabilities = model.logits(rows).softmax(-1).toFloatArray();
                for (int b = 0; b < growing.size(); b++) {
                    int i = growing.get(b);
                    float[] row = Arrays.copyOfRange(probabilities, b * vocab, (b + 1) * vocab);
                    int[] sequence = Arrays.copyOf(sequences.get(i), sequences.get(i).length + 1);
                    sequence[sequence.length - 1] = topK(row, TOP_K, randoms.get(i));
                    sequences.set(i, sequence);
                }
            }
        }
        return sequences;
    }

    /** A draw from the k most likely tokens in proportion to their probabilities; ties by id. */
    static int topK(float[] probabilities, int k, SplittableRandom random) {
        int[] best = new int[k];
        Arrays.fill(best, -1);
        for (int token = 0; token < probabilities.length; token++) {
            for (int slot = 0; slot < k; slot++) {
                if (best[slot] < 0 || probabilities[token] > probabilities[best[slot]]) {
                    System.arraycopy(best, slot, best, slot + 1, k - slot - 1);
                    best[slot] = token;
                    break;
                }
            }
        }
        double total = 0;
        for (int token : best) {
            total += token < 0 ? 0 : probabilities[token];
        }
        double draw = random.nextDouble() * total;
        for (int token : best) {
            if (token < 0) {
                continue;
            }
            draw -= probabilities[token];
            if (draw < 0) {
                return token;
            }
        }
        return best[0];
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORDS.matcher(text);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    /** mean(2/3 H2, 4/3 H3) of one text's words. */
    static double entropy(List<String> words) {
        return (2.0 / 3 * nGramEntropy(words, 2) + 4.0 / 3 * nGramEntropy(words, 3)) / 2;
    }

    /** Entropy in bits of the frequency distribution of the text's n-grams (0 for none). */
    static double nGramEntropy(List<String> words, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= words.size(); i++) {
            counts.merge(List.copyOf(words.subList(i, i + n)), 1, Integer::sum);
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        double entropy = 0;
        for (int count : counts.values()) {
            double p = (double) count / total;
            entropy -= p * Math.log(p) / Math.log(2);
        }
        return entropy;
    }
}

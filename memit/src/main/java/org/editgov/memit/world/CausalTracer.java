package org.editgov.memit.world;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Hooks;
import org.editgov.memit.runtime.SeededGaussian;
import org.editgov.memit.runtime.Site;
import org.editgov.memit.runtime.TokenBatch;

/**
 * Finds where a model mediates its facts (Meng et al. 2022, "Locating and Editing Factual
 * Associations in GPT", section 2):
 * <ul>
 *   <li>Causal tracing: Gaussian noise of {@code noiseFactor} times the token embeddings' standard
 *   deviation is added to the subject's input embeddings; then one clean state (the residual
 *   after a block, or a block's MLP output alone) is restored at one layer and token. The
 *   indirect effect is p(true object | restored) - p(true object | corrupted), averaged over
 *   the noise samples and the facts the model knows.</li>
 *   <li>Activation patching: for two facts of the same template with different objects, the
 *   residual of subject B (at its last subject token, or the last token) after block l is put
 *   in A's run at the same kind of position; the transfer rate is how often A's answer becomes
 *   B's object.</li>
 * </ul>
 * The mediating position is the token (last subject token or last token) whose MLP outputs have
 * the larger indirect effect over the best window of half the layers, and those layers are the
 * ones to edit: MEMIT rewrites MLP weights, so it reaches a fact where the MLPs that carry it act.
 * (Patch transfer alone misleads: on the embedded model it stayed under 50 % at the last subject
 * token, while 100-edit MEMIT runs there scored S 87.5 against about 50 at the last token.)
 */
public final class CausalTracer {

    /** Token categories of the paper's heat maps. */
    public static final List<String> CATEGORIES = List.of("first subject token", "middle subject tokens",
            "last subject token", "first subsequent token", "further tokens", "last token");
    private static final int FIRST_SUBJECT = 0;
    private static final int MIDDLE_SUBJECT = 1;
    private static final int LAST_SUBJECT = 2;
    private static final int FIRST_AFTER = 3;
    private static final int FURTHER = 4;
    private static final int LAST = 5;

    private final Gpt2Model model;
    private final Function<String, int[]> encode;
    private final int padId;
    private final int layers;
    private final int samples;
    private final long seed;
    private final double noiseFactor;

    public CausalTracer(Gpt2Model model, Function<String, int[]> encode, int padId, int samples, long seed,
                        double noiseFactor) {
        if (samples < 1) {
            throw new IllegalArgumentException("noise samples must be at least 1, got " + samples);
        }
        this.model = model;
        this.encode = encode;
        this.padId = padId;
        this.layers = model.config().nLayer();
        this.samples = samples;
        this.seed = seed;
        this.noiseFactor = noiseFactor;
    }

    /** A fact as token ids: the subject's token span, the last position and the answer's first token. */
    private record Fact(CounterFactRecord record, int[] ids, int subjectStart, int subjectEnd, int answer) {
        int subjectLast() {
            return subjectEnd - 1;
        }

        int last() {
            return ids.length - 1;
        }
    }

    public TraceReport trace(List<CounterFactRecord> records) {
        double noiseStd = noiseFactor * embeddingStd();
        double[][][] sums = new double[2][CATEGORIES.size()][layers];
        int[][] counts = new int[2][CATEGORIES.size()];
        double clean = 0;
        double corrupted = 0;
        List<Fact> known = new ArrayList<>();
        int index = 0;
        for (CounterFactRecord record : records) {
            Fact fact = fact(record);
            if (fact == null) {
                continue;
            }
            double[] result = traceOne(fact, noiseStd, seed + index++, sums, counts);
            if (result != null) {
                clean += result[0];
                corrupted += result[1];
                known.add(fact);
            }
        }
        int n = Math.max(1, known.size());
        double[][] residual = average(sums[0], counts[0]);
        double[][] mlp = average(sums[1], counts[1]);
        double[][] transfer = patch(known);
        return decide(records.size(), known.size(), (int) transfer[2][0], noiseStd,
                clean / n, corrupted / n, residual, mlp, transfer[0], transfer[1]);
    }

    private TraceReport decide(int records, int known, int pairs, double noiseStd, double clean, double corrupted,
                               double[][] residual, double[][] mlp, double[] transferSubject, double[] transferLast) {
        int window = Math.max(1, (layers + 1) / 2);
        int subjectStart = bestWindow(mlp[LAST_SUBJECT], window);
        int lastStart = bestWindow(mlp[LAST], window);
        double subjectEffect = sum(mlp[LAST_SUBJECT], subjectStart, window);
        double lastEffect = sum(mlp[LAST], lastStart, window);
        // MEMIT rewrites MLP weights: it can reach a fact where the MLPs that carry it act. Patch
        // transfer is reported beside it but does not decide: patching a subject token's residual
        // also swaps the subject's identity, and the last token's late residual is the answer itself.
        boolean subject = subjectEffect >= lastEffect;
        int bestStart = subject ? subjectStart : lastStart;
        int[] mediating = new int[window];
        for (int i = 0; i < window; i++) {
            mediating[i] = bestStart + i;
        }
        String patching = pairs == 0
                ? "no pair of known facts shared a template, so nothing could be patched"
                : String.format("patching subject B's residual moved A's answer to B's object in up to %.1f%% of %d pairs "
                        + "at the last subject token and %.1f%% at the last token", 100 * max(transferSubject), pairs,
                        100 * max(transferLast));
        String decision = String.format("the MLPs at the %s carry the larger indirect effect (%.3f over layers %d..%d, "
                        + "against %.3f at the %s), so facts are edited there; %s",
                subject ? "last subject token" : "last token", subject ? subjectEffect : lastEffect, bestStart,
                bestStart + window - 1, subject ? lastEffect : subjectEffect, subject ? "last token" : "last subject token",
                patching);
        return new TraceReport(layers, records, known, pairs, noiseStd, samples, seed, clean, corrupted,
                mlp[LAST_SUBJECT], mlp[LAST], residual[LAST_SUBJECT], residual[LAST], transferSubject, transferLast,
                subject ? "subject-last" : "last", mediating, decision,
                new TraceReport.Heatmap(CATEGORIES, residual, mlp));
    }

    /** The first layer of the {@code window} consecutive layers with the largest summed effect. */
    private int bestWindow(double[] effect, int window) {
        int bestStart = 0;
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int start = 0; start + window <= layers; start++) {
            double sum = sum(effect, start, window);
            if (sum > bestSum) {
                bestSum = sum;
                bestStart = start;
            }
        }
        return bestStart;
    }

    private static double sum(double[] values, int from, int count) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += values[i];
        }
        return sum;
    }

    private Fact fact(CounterFactRecord record) {
        String prompt = record.prompt();
        int at = prompt.indexOf(record.subject());
        String prefix = prompt.substring(0, at);
        int start = prefix.isBlank() ? 0 : encode.apply(prefix.stripTrailing()).length;
        int end = encode.apply(prompt.substring(0, at + record.subject().length())).length;
        int[] ids = encode.apply(prompt);
        int[] answer = encode.apply(" " + record.groundTruth());
        if (end <= start || end > ids.length || ids.length > model.config().nPositions() || answer.length == 0) {
            return null;
        }
        return new Fact(record, ids, start, end, answer[0]);
    }

    /**
     * Traces one fact; adds its indirect effects to {@code sums}. Returns {clean p, corrupted p},
     * or null when the model does not know the fact (its top-1 is not the true object).
     */
    private double[] traceOne(Fact fact, double noiseStd, long noiseSeed, double[][][] sums, int[][] counts) {
        int length = fact.ids().length;
        int width = model.config().nEmbd();
        try (NDManager step = model.weights().manager().newSubManager()) {
            Hooks cleanHooks = new Hooks();
            for (int l = 0; l < layers; l++) {
                cleanHooks.captureResidual(l).capture(Site.MLP_OUTPUT, l);
            }
            TokenBatch one = TokenBatch.rightPadded(step, List.of(fact.ids()), padId);
            NDArray cleanLogits = model.forward(one.ids(), one.mask(), cleanHooks).get(0, fact.last());
            if (cleanLogits.argMax().getLong() != fact.answer()) {
                return null;
            }
            double cleanP = cleanLogits.softmax(-1).getFloat(fact.answer());
            // Configurations: 0 = corrupted only, then (kind, layer, position >= subject start).
            List<int[]> configs = new ArrayList<>();
            configs.add(null);
            for (int kind = 0; kind < 2; kind++) {
                for (int l = 0; l < layers; l++) {
                    for (int t = fact.subjectStart(); t < length; t++) {
                        configs.add(new int[] {kind, l, t});
                    }
                }
            }
            int rows = configs.size() * samples;
            List<int[]> batchIds = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                batchIds.add(fact.ids());
            }
            TokenBatch batch = TokenBatch.rightPadded(step, batchIds, padId);
            float[] noise = new float[rows * length * width];
            SeededGaussian gaussian = new SeededGaussian(noiseSeed);
            float[][] sampleNoise = new float[samples][(fact.subjectEnd() - fact.subjectStart()) * width];
            for (float[] s : sampleNoise) {
                for (int i = 0; i < s.length; i++) {
                    s[i] = (float) (gaussian.nextStandard() * noiseStd);
                }
            }
            for (int r = 0; r < rows; r++) {
                System.arraycopy(sampleNoise[r % samples], 0, noise, (r * length + fact.subjectStart()) * width,
                        sampleNoise[r % samples].length);
            }
            Hooks hooks = new Hooks().addToEmbeddings(step.create(noise, new Shape(rows, length, width)));
            for (int c = 1; c < configs.size(); c++) {
                int[] config = configs.get(c);
                Site site = config[0] == 0 ? Site.BLOCK_OUTPUT : Site.MLP_OUTPUT;
                NDArray value = cleanHooks.captured(site, config[1]).get(0, config[2]);
                for (int s = 0; s < samples; s++) {
                    hooks.replaceAt(site, config[1], c * samples + s, config[2], value);
                }
            }
            NDArray logits = model.forward(batch.ids(), batch.mask(), hooks);
            float[] p = logits.get(":, " + fact.last()).softmax(-1).get(":, " + fact.answer()).toFloatArray();
            double[] mean = new double[configs.size()];
            for (int r = 0; r < rows; r++) {
                mean[r / samples] += p[r] / samples;
            }
            for (int c = 1; c < configs.size(); c++) {
                int[] config = configs.get(c);
                double effect = mean[c] - mean[0];
                for (int category : categories(fact, config[2])) {
                    sums[config[0]][category][config[1]] += effect;
                    if (config[1] == 0) {
                        counts[config[0]][category]++;
                    }
                }
            }
            return new double[] {cleanP, mean[0]};
        }
    }

    /** The heat-map categories of position t (a one-token subject is both first and last subject token). */
    private static List<Integer> categories(Fact fact, int t) {
        List<Integer> out = new ArrayList<>();
        if (t == fact.subjectStart()) {
            out.add(FIRST_SUBJECT);
        }
        if (t > fact.subjectStart() && t < fact.subjectLast()) {
            out.add(MIDDLE_SUBJECT);
        }
        if (t == fact.subjectLast()) {
            out.add(LAST_SUBJECT);
        }
        if (t == fact.subjectEnd() && t != fact.last()) {
            out.add(FIRST_AFTER);
        }
        if (t > fact.subjectEnd() && t < fact.last()) {
            out.add(FURTHER);
        }
        if (t == fact.last()) {
            out.add(LAST);
        }
        return out;
    }

    /**
     * Activation patching over pairs (A, B) of known facts with the same template and different
     * first object tokens. Returns {transfer at last subject token per layer, transfer at last
     * token per layer, {pairs}}.
     */
    private double[][] patch(List<Fact> known) {
        Map<String, List<Fact>> byTemplate = new LinkedHashMap<>();
        for (Fact f : known) {
            byTemplate.computeIfAbsent(f.record().template(), t -> new ArrayList<>()).add(f);
        }
        double[] subject = new double[layers];
        double[] last = new double[layers];
        int pairs = 0;
        for (List<Fact> group : byTemplate.values()) {
            for (int i = 0; i < group.size(); i++) {
                Fact a = group.get(i);
                Fact b = null;
                for (int j = 1; j < group.size() && b == null; j++) {
                    Fact candidate = group.get((i + j) % group.size());
                    if (candidate.answer() != a.answer()) {
                        b = candidate;
                    }
                }
                if (b == null) {
                    continue;
                }
                boolean[][] moved = patchPair(a, b);
                for (int l = 0; l < layers; l++) {
                    subject[l] += moved[0][l] ? 1 : 0;
                    last[l] += moved[1][l] ? 1 : 0;
                }
                pairs++;
            }
        }
        for (int l = 0; l < layers; l++) {
            subject[l] /= Math.max(1, pairs);
            last[l] /= Math.max(1, pairs);
        }
        return new double[][] {subject, last, {pairs}};
    }

    /** Whether A's answer becomes B's object with B's residual patched in, per {position kind, layer}. */
    private boolean[][] patchPair(Fact a, Fact b) {
        try (NDManager step = model.weights().manager().newSubManager()) {
            Hooks source = new Hooks();
            for (int l = 0; l < layers; l++) {
                source.captureResidual(l);
            }
            TokenBatch bBatch = TokenBatch.rightPadded(step, List.of(b.ids()), padId);
            model.forward(bBatch.ids(), bBatch.mask(), source);
            List<int[]> rows = new ArrayList<>();
            Hooks hooks = new Hooks();
            for (int kind = 0; kind < 2; kind++) {
                for (int l = 0; l < layers; l++) {
                    int row = rows.size();
                    rows.add(a.ids());
                    int from = kind == 0 ? b.subjectLast() : b.last();
                    int to = kind == 0 ? a.subjectLast() : a.last();
                    hooks.replaceResidual(l, row, to, source.residual(l).get(0, from));
                }
            }
            TokenBatch batch = TokenBatch.rightPadded(step, rows, padId);
            NDArray logits = model.forward(batch.ids(), batch.mask(), hooks);
            long[] predicted = logits.get(":, " + a.last()).argMax(-1).toLongArray();
            boolean[][] moved = new boolean[2][layers];
            for (int kind = 0; kind < 2; kind++) {
                for (int l = 0; l < layers; l++) {
                    moved[kind][l] = predicted[kind * layers + l] == b.answer();
                }
            }
            return moved;
        }
    }

    /** Standard deviation of the token embedding matrix's entries. */
    private double embeddingStd() {
        float[] values = model.weights().get("wte.weight").toFloatArray();
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (float v : values) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / values.length);
    }

    private double[][] average(double[][] sums, int[] counts) {
        double[][] out = new double[sums.length][layers];
        for (int c = 0; c < sums.length; c++) {
            for (int l = 0; l < layers; l++) {
                out[c][l] = counts[c] == 0 ? 0 : sums[c][l] / counts[c];
            }
        }
        return out;
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}

package org.editgov.memit.edit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Hooks;
import org.editgov.memit.runtime.Site;
import org.editgov.memit.runtime.TokenBatch;

/**
 * The target vectors z (the reference's compute_z): for each edit, the state at {@code site} of
 * {@code layer} at the edit's token that makes the model say the new object.
 *
 * <p>A vector delta_i (from 0) is added to that state in every prompt of edit i: each context
 * template applied to the request prompt and followed by the target tokens but the last (teacher
 * forcing), plus the KL prompt. Per edit:
 * <pre>
 *   loss_i = mean over prompts of NLL(target tokens)            (per-token mean, then prompt mean)
 *          + klFactor KL(p_now || p_init) at the KL prompt's token
 *          + weightDecay ||delta_i|| / ||h_init_i||^2          (squared: ||delta_i||^2 / ||h_init_i||^2)
 * </pre>
 * Adam; after each step ||delta_i|| is clamped to clampNormFactor ||h_init_i||; an edit stops when
 * its loss falls under earlyStopLoss; the last pass only measures. z_i = h_init_i + delta_i, with
 * h_init_i the unedited state in the bare prompt.
 *
 * <p>The losses of different edits share nothing, so the edits of a chunk are optimised together:
 * one forward and one backward per step for the whole chunk, each edit with its own Adam moments,
 * step count and stop. A chunk of 1 is the reference's serial loop.
 */
public final class TargetVectors {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPSILON = 1e-8;
    /** Keeps the gradient of ||delta|| finite at delta = 0 (the first step); far below any real norm. */
    private static final float NORM_FLOOR = 1e-20f;

    /**
     * @param z (n, width) target states
     * @param hInit (n, width) unedited states
     * @param finalLoss loss of each edit at its last pass
     * @param finalNll the NLL part of it
     * @param steps passes each edit ran
     */
    public record Result(float[][] z, float[][] hInit, double[] finalLoss, double[] finalNll, int[] steps) {

        public double meanNll() {
            return Arrays.stream(finalNll).average().orElse(Double.NaN);
        }
    }

    private final Gpt2Model model;
    private final TextTokenizer tokenizer;
    private final ContextTemplates templates;
    private final ZSettings settings;
    private final TokenPosition position;
    private final Site site;
    private final int layer;

    public TargetVectors(Gpt2Model model, TextTokenizer tokenizer, ContextTemplates templates, ZSettings settings,
            TokenPosition position, Site site, int layer) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.templates = templates;
        this.settings = settings;
        this.position = position;
        this.site = site;
        this.layer = layer;
    }

    /** z for every request, {@code chunk} edits optimised together at a time. */
    public Result compute(List<EditRequest> requests, int chunk) {
        int n = requests.size();
        int width = model.config().nEmbd();
        float[][] z = new float[n][];
        float[][] hInit = new float[n][];
        double[] loss = new double[n];
        double[] nll = new double[n];
        int[] steps = new int[n];
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            Chunk c = new Chunk(requests.subList(from, to), width);
            c.optimise();
            for (int i = 0; i < to - from; i++) {
                hInit[from + i] = c.hInit[i];
                z[from + i] = new float[width];
                for (int j = 0; j < width; j++) {
                    z[from + i][j] = c.hInit[i][j] + c.delta[i][j];
                }
                loss[from + i] = c.loss[i];
                nll[from + i] = c.nll[i];
                steps[from + i] = c.steps[i];
            }
        }
        return new Result(z, hInit, loss, nll, steps);
    }

    /** The edits optimised together, with their prompts laid out as one batch. */
    private final class Chunk {

        final int m;
        final int width;
        final List<int[]> sequences = new ArrayList<>();
        /** Edit of each row. */
        final List<Integer> owner = new ArrayList<>();
        /** Token of each row where delta is added. */
        final List<Integer> editAt = new ArrayList<>();
        /** Flat (row * T + t) indices whose next-token prediction is scored, their target ids, and weights. */
        final List<Integer> scoredAt = new ArrayList<>();
        final List<Integer> scoredTarget = new ArrayList<>();
        final List<Float> scoredWeight = new ArrayList<>();
        final List<Integer> scoredOwner = new ArrayList<>();
        /** Flat index of the KL token of each edit, and the first (bare) row of each edit. */
        final int[] klAt;
        final int[] bareRow;
        final float[][] delta;
        final float[][] hInit;
        final double[] loss;
        final double[] nll;
        final int[] steps;
        int length;

        Chunk(List<EditRequest> requests, int width) {
            this.m = requests.size();
            this.width = width;
            this.delta = new float[m][width];
            this.hInit = new float[m][];
            this.loss = new double[m];
            this.nll = new double[m];
            this.steps = new int[m];
            this.klAt = new int[m];
            this.bareRow = new int[m];
            List<String> flat = templates.flat();
            List<int[]> rowTargets = new ArrayList<>();
            List<Integer> rowPromptLength = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                EditRequest request = requests.get(i);
                int[] target = targetIds(request);
                bareRow[i] = sequences.size();
                for (String template : flat) {
                    EncodedPrompt prompt = EncodedPrompt.of(tokenizer, ContextTemplates.apply(template, request.prompt()),
                            request.subject());
                    int[] sequence = Arrays.copyOf(prompt.ids(), prompt.ids().length + target.length - 1);
                    System.arraycopy(target, 0, sequence, prompt.ids().length, target.length - 1);
                    addRow(sequence, i, prompt.position(position));
                    rowTargets.add(target);
                    rowPromptLength.add(prompt.ids().length);
                }
                EncodedPrompt kl = EncodedPrompt.of(tokenizer, settings.klPrompt(), request.subject());
                addRow(kl.ids(), i, kl.position(position));
                rowTargets.add(null);
                rowPromptLength.add(kl.ids().length);
            }
            length = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
            for (int row = 0; row < sequences.size(); row++) {
                int[] target = rowTargets.get(row);
                int i = owner.get(row);
                if (target == null) {
                    klAt[i] = row * length + editAt.get(row);
                    continue;
                }
                // Target token j is predicted at prompt length - 1 + j; NLL is a per-token mean,
                // then a mean over the edit's prompts.
                float weight = 1f / (target.length * flat.size());
                for (int j = 0; j < target.length; j++) {
                    scoredAt.add(row * length + rowPromptLength.get(row) - 1 + j);
                    scoredTarget.add(target[j]);
                    scoredWeight.add(weight);
                    scoredOwner.add(i);
                }
            }
        }

        private void addRow(int[] sequence, int editIndex, int at) {
            sequences.add(sequence);
            owner.add(editIndex);
            editAt.add(at);
        }

        void optimise() {
            double[][] adamM = new double[m][width];
            double[][] adamV = new double[m][width];
            boolean[] active = new boolean[m];
            Arrays.fill(active, true);
            float[][] klInit = null;
            double[] hInitNorm = new double[m];
            for (int pass = 0; pass < settings.steps(); pass++) {
                try (NDManager step = model.weights().manager().newSubManager()) {
                    Pass result = forwardBackward(step, active, klInit, hInitNorm, pass == 0);
                    if (pass == 0) {
                        klInit = result.klLogProbs;
                        for (int i = 0; i < m; i++) {
                            hInit[i] = result.hInit[i];
                            hInitNorm[i] = norm(hInit[i]);
                        }
                    }
                    boolean last = pass == settings.steps() - 1;
                    boolean any = false;
                    for (int i = 0; i < m; i++) {
                        if (!active[i]) {
                            continue;
                        }
                        loss[i] = result.loss[i];
                        nll[i] = result.nll[i];
                        steps[i] = pass + 1;
                        if (loss[i] < settings.earlyStopLoss() || last) {
                            active[i] = false;
                            continue;
                        }
                        adamStep(delta[i], result.gradient[i], adamM[i], adamV[i], pass + 1);
                        clamp(delta[i], settings.clampNormFactor() * hInitNorm[i]);
                        any = true;
                    }
                    if (!any) {
                        return;
                    }
                }
            }
        }

        private record Pass(double[] loss, double[] nll, float[][] gradient, float[][] klLogProbs, float[][] hInit) {
        }

        private Pass forwardBackward(NDManager step, boolean[] active, float[][] klInit, double[] hInitNorm, boolean first) {
            int rows = sequences.size();
            TokenBatch batch = TokenBatch.rightPadded(step, sequences, tokenizer.padId());
            NDArray deltaLeaf = step.create(flatten(delta), new Shape(m, width));
            deltaLeaf.setRequiresGradient(true);
            float[] select = new float[rows * m];
            int[] at = new int[rows];
            for (int row = 0; row < rows; row++) {
                select[row * m + owner.get(row)] = 1f;
                at[row] = editAt.get(row);
            }
            NDArray selector = step.create(select, new Shape(rows, m));
            int scored = scoredAt.size();
            int vocab = model.config().vocabSize();
            NDArray lossVector;
            NDArray nllVector;
            NDArray klLogProbs;
            float[][] initial = null;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray added = selector.matMul(deltaLeaf);
                Hooks hooks = new Hooks().addAt(site, layer, added, at);
                if (first) {
                    hooks.capture(site, layer);
                }
                NDArray hidden = model.hidden(batch.ids(), batch.mask(), hooks);
                if (first) {
                    float[][] all = unflatten(Activations.gatherRows(step, hooks.captured(site, layer), at).toFloatArray(),
                            rows, width);
                    initial = new float[m][];
                    for (int i = 0; i < m; i++) {
                        initial[i] = all[bareRow[i]];
                    }
                }
                long[] picks = new long[scored + m];
                for (int p = 0; p < scored; p++) {
                    picks[p] = scoredAt.get(p);
                }
                for (int i = 0; i < m; i++) {
                    picks[scored + i] = klAt[i];
                }
                NDArray index = step.create(picks, new Shape(picks.length, 1)).broadcast(picks.length, width);
                NDArray picked = hidden.reshape((long) rows * length, width).gather(index, 0);
                NDArray logProbs = model.logits(picked).logSoftmax(-1);
                long[] targets = new long[scored];
                float[] weights = new float[m * scored];
                for (int p = 0; p < scored; p++) {
                    targets[p] = scoredTarget.get(p);
                    weights[scoredOwner.get(p) * scored + p] = scoredWeight.get(p);
                }
                NDArray targetLogProbs = logProbs.get("0:" + scored)
                        .gather(step.create(targets, new Shape(scored, 1)), 1).reshape(scored);
                nllVector = step.create(weights, new Shape(m, scored)).matMul(targetLogProbs.neg().reshape(scored, 1))
                        .reshape(m);
                klLogProbs = logProbs.get(scored + ":");
                lossVector = nllVector;
                if (!first && settings.klFactor() > 0) {
                    NDArray init = step.create(flatten(klInit), new Shape(m, vocab));
                    NDArray kl = klLogProbs.exp().mul(klLogProbs.sub(init)).sum(new int[] {1});
                    lossVector = lossVector.add(kl.mul(settings.klFactor()));
                }
                if (!first && settings.weightDecay() > 0) {
                    float[] scale = new float[m];
                    for (int i = 0; i < m; i++) {
                        scale[i] = (float) (settings.weightDecay() / (hInitNorm[i] * hInitNorm[i]));
                    }
                    NDArray squares = deltaLeaf.square().sum(new int[] {1});
                    NDArray decay = settings.decayForm() == ZSettings.DecayForm.SQUARED
                            ? squares
                            : squares.add(NORM_FLOOR).sqrt();
                    lossVector = lossVector.add(decay.mul(step.create(scale)));
                }
                float[] mask = new float[m];
                for (int i = 0; i < m; i++) {
                    mask[i] = active[i] ? 1f : 0f;
                }
                collector.backward(lossVector.mul(step.create(mask)).sum());
            }
            float[] lossValues = lossVector.toFloatArray();
            float[] nllValues = nllVector.toFloatArray();
            double[] lossOut = new double[m];
            double[] nllOut = new double[m];
            for (int i = 0; i < m; i++) {
                lossOut[i] = lossValues[i];
                nllOut[i] = nllValues[i];
            }
            float[][] gradient = unflatten(deltaLeaf.getGradient().toFloatArray(), m, width);
            float[][] klNow = first ? unflatten(klLogProbs.toFloatArray(), m, vocab) : null;
            return new Pass(lossOut, nllOut, gradient, klNow, initial);
        }
    }

    /** The new object as tokens, as the evaluation scores it: " " + target after the prompt. */
    static int[] targetIds(TextTokenizer tokenizer, EditRequest request) {
        int[] ids = tokenizer.encode(" " + request.targetNew());
        if (ids.length == 0) {
            throw new IllegalArgumentException("request " + request.id() + ": target '" + request.targetNew() + "' encodes to no tokens");
        }
        return ids;
    }

    private int[] targetIds(EditRequest request) {
        return targetIds(tokenizer, request);
    }

    /** Adam (Kingma and Ba), as torch.optim.Adam without weight decay, on one edit's delta. */
    private void adamStep(float[] delta, float[] gradient, double[] m, double[] v, int t) {
        double correction1 = 1 - Math.pow(BETA1, t);
        double correction2 = 1 - Math.pow(BETA2, t);
        for (int j = 0; j < delta.length; j++) {
            double g = gradient[j];
            m[j] = BETA1 * m[j] + (1 - BETA1) * g;
            v[j] = BETA2 * v[j] + (1 - BETA2) * g * g;
            double denominator = Math.sqrt(v[j] / correction2) + ADAM_EPSILON;
            delta[j] -= (float) (settings.learningRate() * (m[j] / correction1) / denominator);
        }
    }

    private static void clamp(float[] delta, double maxNorm) {
        double norm = norm(delta);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int j = 0; j < delta.length; j++) {
                delta[j] = (float) (delta[j] * scale);
            }
        }
    }

    static double norm(float[] vector) {
        double sum = 0;
        for (float value : vector) {
            sum += (double) value * value;
        }
        return Math.sqrt(sum);
    }

    static float[] flatten(float[][] rows) {
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    static float[][] unflatten(float[] flat, int rows, int width) {
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }
}

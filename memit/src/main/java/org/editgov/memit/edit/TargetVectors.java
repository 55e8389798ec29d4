package org.editgov.memit.edit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Constants;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Hooks;
import org.editgov.memit.runtime.KeyValues;
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
 *
 * <p>Most of each prompt does not depend on delta, so it is computed once per chunk, not once
 * per step: the blocks below the first one delta reaches ({@link Chunk.Frozen}), and in the
 * blocks above it every token in front of the edit's token, whose attention keys and values the
 * first pass records. Later passes run only the tokens from the edit's token on, and score only
 * the tokens the loss reads. The result is the reference's, up to float rounding.
 */
public final class TargetVectors {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPSILON = 1e-8;
    /**
     * Log-probabilities are floored here in the KL term: a float32 log-softmax can reach -inf for
     * a token a sharp model rules out, and 0 * (x - -inf) would make the loss NaN.
     */
    private static final float LOG_PROB_FLOOR = -100f;
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
    private final boolean referenceLoop;
    /** The first block whose output depends on delta: one added to a block's output leaves that block frozen. */
    private final int firstBlock;

    public TargetVectors(Gpt2Model model, TextTokenizer tokenizer, ContextTemplates templates, ZSettings settings,
            TokenPosition position, Site site, int layer) {
        this(model, tokenizer, templates, settings, position, site, layer, false);
    }

    /**
     * @param referenceLoop compute every pass as the reference does (the whole model over every
     *     prompt, logits at every token) instead of from the frozen parts; same result, for
     *     comparing speed with {@code --serial}
     */
    public TargetVectors(Gpt2Model model, TextTokenizer tokenizer, ContextTemplates templates, ZSettings settings,
            TokenPosition position, Site site, int layer, boolean referenceLoop) {
        this.referenceLoop = referenceLoop;
        this.firstBlock = site == Site.BLOCK_OUTPUT ? layer + 1 : layer;
        this.model = model;
        this.tokenizer = tokenizer;
        this.templates = templates;
        this.settings = settings;
        this.position = position;
        this.site = site;
        this.layer = layer;
    }

    /**
     * z for every request, {@code chunk} edits optimised together at a time. Edits are grouped
     * into chunks by how many tokens follow their edit token, so that a chunk's rows, which are
     * padded to the longest, carry little padding; each edit's z does not depend on its chunk.
     */
    public Result compute(List<EditRequest> requests, int chunk) {
        return compute(requests, chunk, null);
    }

    /**
     * As {@link #compute(List, int)}, redrawing "z: done/n edits" on {@code progress} after each
     * chunk (a batch of thousands takes minutes); null is silent.
     */
    public Result compute(List<EditRequest> requests, int chunk, PrintStream progress) {
        int n = requests.size();
        int width = model.config().nEmbd();
        float[][] z = new float[n][];
        float[][] hInit = new float[n][];
        double[] loss = new double[n];
        double[] nll = new double[n];
        int[] steps = new int[n];
        Integer[] order = new Integer[n];
        int[] laterTokens = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            EditRequest request = requests.get(i);
            EncodedPrompt bare = EncodedPrompt.of(tokenizer, request.prompt(), request.subject());
            laterTokens[i] = bare.ids().length - bare.position(position) + targetIds(request).length;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> laterTokens[i]).thenComparingInt(i -> i));
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            List<EditRequest> members = new ArrayList<>();
            for (int k = from; k < to; k++) {
                members.add(requests.get(order[k]));
            }
            Chunk c = new Chunk(members, width);
            c.optimise();
            for (int k = 0; k < to - from; k++) {
                int i = order[from + k];
                hInit[i] = c.hInit[k];
                z[i] = new float[width];
                for (int j = 0; j < width; j++) {
                    z[i][j] = c.hInit[k][j] + c.delta[k][j];
                }
                loss[i] = c.loss[k];
                nll[i] = c.nll[k];
                steps[i] = c.steps[k];
            }
            if (progress != null && n > chunk) {
                progress.printf("\rz: %d/%d edits", to, n);
                progress.flush();
            }
        }
        if (progress != null && n > chunk) {
            progress.println();
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(loss[i]) || !Double.isFinite(TargetVectors.norm(z[i]))) {
                throw new IllegalStateException("the target vector of request " + requests.get(i).id()
                        + " is not finite (loss " + loss[i] + "); nothing was written");
            }
        }
        return new Result(z, hInit, loss, nll, steps);
    }

    /** The prompts of one edit: rows of token ids, where delta goes in each, and what is scored. */
    private record EditPrompts(List<int[]> rows, int[] editAt, int[] promptLength, int[] target, int klRow) {

        /** Tokens from the edit's token to the end, in the longest row. */
        int laterLength() {
            int longest = 0;
            for (int r = 0; r < rows.size(); r++) {
                longest = Math.max(longest, rows.get(r).length - editAt[r]);
            }
            return longest;
        }
    }

    /**
     * The edits optimised together. Each pass lays out only the edits still optimising, so an
     * edit that has stopped costs nothing more.
     */
    private final class Chunk {

        final int m;
        final int width;
        final List<EditPrompts> prompts = new ArrayList<>();
        final float[][] delta;
        final float[][] hInit;
        final double[] loss;
        final double[] nll;
        final int[] steps;

        Chunk(List<EditRequest> requests, int width) {
            this.m = requests.size();
            this.width = width;
            this.delta = new float[m][width];
            this.hInit = new float[m][];
            this.loss = new double[m];
            this.nll = new double[m];
            this.steps = new int[m];
            List<String> flat = templates.flat();
            for (EditRequest request : requests) {
                int[] target = targetIds(request);
                List<int[]> rows = new ArrayList<>();
                int[] editAt = new int[flat.size() + 1];
                int[] promptLength = new int[flat.size() + 1];
                for (String template : flat) {
                    EncodedPrompt prompt = EncodedPrompt.of(tokenizer, ContextTemplates.apply(template, request.prompt()),
                            request.subject());
                    int[] sequence = Arrays.copyOf(prompt.ids(), prompt.ids().length + target.length - 1);
                    System.arraycopy(target, 0, sequence, prompt.ids().length, target.length - 1);
                    editAt[rows.size()] = prompt.position(position);
                    promptLength[rows.size()] = prompt.ids().length;
                    rows.add(sequence);
                }
                EncodedPrompt kl = EncodedPrompt.of(tokenizer, settings.klPrompt(), request.subject());
                editAt[rows.size()] = kl.position(position);
                promptLength[rows.size()] = kl.ids().length;
                rows.add(kl.ids());
                prompts.add(new EditPrompts(rows, editAt, promptLength, target, rows.size() - 1));
            }
        }

        void optimise() {
            double[][] adamM = new double[m][width];
            double[][] adamV = new double[m][width];
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                active.add(i);
            }
            float[][] klInit = new float[m][];
            double[] hInitNorm = new double[m];
            try (NDManager frozen = model.weights().manager().newSubManager()) {
                Frozen parts = referenceLoop || firstBlock >= model.config().nLayer() ? null : new Frozen(frozen);
                for (int pass = 0; pass < settings.steps() && !active.isEmpty(); pass++) {
                    active = pass(active, parts, adamM, adamV, klInit, hInitNorm, pass);
                }
            }
        }

        /**
         * What no pass changes, per edit: the residual entering {@link #firstBlock} for every
         * prompt (computed once), that residual from the edit's token on, and, once the first
         * pass has recorded them, the attention keys and values of the blocks from
         * {@link #firstBlock} up (the tokens in front of the edit's token read them).
         */
        private final class Frozen {

            final NDManager manager;
            final NDArray[] lower = new NDArray[m];
            final NDArray[] later = new NDArray[m];
            final List<Map<Integer, NDArray[]>> keyValues = new ArrayList<>();

            Frozen(NDManager manager) {
                this.manager = manager;
                for (int i = 0; i < m; i++) {
                    keyValues.add(null);
                    EditPrompts edit = prompts.get(i);
                    TokenBatch batch = TokenBatch.rightPadded(manager, edit.rows(), tokenizer.padId());
                    if (firstBlock == 0) {
                        Hooks hooks = new Hooks().capture(Site.EMBEDDINGS, 0);
                        model.runThrough(batch.ids(), batch.mask(), hooks, 0);
                        lower[i] = hooks.captured(Site.EMBEDDINGS, 0);
                    } else {
                        lower[i] = model.runThrough(batch.ids(), batch.mask(), new Hooks(), firstBlock - 1);
                    }
                    later[i] = fromEditToken(lower[i], edit);
                }
            }

            /** (rows, T, C) to (rows, S, C): each row from its edit token on, padded to the longest. */
            private NDArray fromEditToken(NDArray rows, EditPrompts edit) {
                int count = edit.rows().size();
                long length = rows.getShape().get(1);
                int laterLength = edit.laterLength();
                long[] index = new long[count * laterLength];
                for (int r = 0; r < count; r++) {
                    int last = edit.rows().get(r).length - 1;
                    for (int j = 0; j < laterLength; j++) {
                        index[r * laterLength + j] = r * length + Math.min(edit.editAt()[r] + j, last);
                    }
                }
                NDArray idx = manager.create(index, new Shape(index.length, 1)).broadcast(index.length, width);
                return rows.reshape(count * length, width).gather(idx, 0).reshape(count, laterLength, width);
            }

            /** Keeps, per edit, the keys and values the first pass recorded (rows of edit a start at bareRow[a]). */
            void keep(KeyValues recorded, List<Integer> active, int[] bareRow) {
                for (int a = 0; a < active.size(); a++) {
                    int count = prompts.get(active.get(a)).rows().size();
                    Map<Integer, NDArray[]> byLayer = new HashMap<>();
                    for (int l = firstBlock; l < model.config().nLayer(); l++) {
                        NDArray[] kv = recorded.recorded(l);
                        String rows = bareRow[a] + ":" + (bareRow[a] + count);
                        NDArray keys = kv[0].get(rows).stopGradient();
                        NDArray values = kv[1].get(rows).stopGradient();
                        keys.attach(manager);
                        values.attach(manager);
                        byLayer.put(l, new NDArray[] {keys, values});
                    }
                    keyValues.set(active.get(a), byLayer);
                }
            }

            /** The recorded keys and values of the active edits' rows, per layer. */
            KeyValues earlier(List<Integer> active) {
                join(active);
                return joinedKeyValues;
            }

            /** The later residual of the active edits' rows, padded to the longest. */
            NDArray laterRows(List<Integer> active) {
                join(active);
                return joinedLater;
            }

            private List<Integer> joinedFor;
            private NDManager joinedManager;
            private KeyValues joinedKeyValues;
            private NDArray joinedLater;

            /**
             * Stacks the active edits' frozen tensors, again only when the active edits change
             * (an edit stops): most passes reuse the last stack instead of copying it.
             */
            private void join(List<Integer> active) {
                if (active.equals(joinedFor)) {
                    return;
                }
                if (joinedManager != null) {
                    joinedManager.close();
                }
                joinedManager = manager.newSubManager();
                joinedFor = List.copyOf(active);
                Map<Integer, NDArray[]> byLayer = new HashMap<>();
                for (int l = firstBlock; l < model.config().nLayer(); l++) {
                    NDList keys = new NDList();
                    NDList values = new NDList();
                    for (int i : active) {
                        keys.add(keyValues.get(i).get(l)[0]);
                        values.add(keyValues.get(i).get(l)[1]);
                    }
                    byLayer.put(l, new NDArray[] {joinRows(joinedManager, keys), joinRows(joinedManager, values)});
                }
                joinedKeyValues = KeyValues.prefix(byLayer);
                NDList parts = new NDList();
                int length = 0;
                for (int i : active) {
                    parts.add(later[i]);
                    length = Math.max(length, Math.toIntExact(later[i].getShape().get(1)));
                }
                joinedLater = lowerRows(joinedManager, parts, length);
            }
        }

        private List<Integer> pass(List<Integer> active, Frozen parts, double[][] adamM, double[][] adamV,
                float[][] klInit, double[] hInitNorm, int pass) {
            try (NDManager step = model.weights().manager().newSubManager()) {
                Pass result = forwardBackward(step, active, parts, klInit, hInitNorm, pass == 0);
                boolean last = pass == settings.steps() - 1;
                List<Integer> still = new ArrayList<>();
                for (int a = 0; a < active.size(); a++) {
                    int i = active.get(a);
                    if (pass == 0) {
                        klInit[i] = result.klLogProbs[a];
                        hInit[i] = result.hInit[a];
                        hInitNorm[i] = norm(hInit[i]);
                    }
                    loss[i] = result.loss[a];
                    nll[i] = result.nll[a];
                    steps[i] = pass + 1;
                    if (loss[i] < settings.earlyStopLoss() || last) {
                        continue;
                    }
                    adamStep(delta[i], result.gradient[a], adamM[i], adamV[i], pass + 1);
                    clamp(delta[i], settings.clampNormFactor() * hInitNorm[i]);
                    still.add(i);
                }
                return still;
            }
        }

        private record Pass(double[] loss, double[] nll, float[][] gradient, float[][] klLogProbs, float[][] hInit) {
        }

        /**
         * One forward and backward over the prompts of the {@code active} edits; results by
         * position in that list. Without frozen parts it runs the whole model; with them, the
         * first pass runs every token from {@link #firstBlock} and records the attention keys
         * and values, the later ones only the tokens from the edit's token on.
         */
        private Pass forwardBackward(NDManager step, List<Integer> active, Frozen parts, float[][] klInit,
                double[] hInitNorm, boolean first) {
            int n = active.size();
            boolean later = parts != null && !first;
            List<int[]> sequences = new ArrayList<>();
            List<Integer> owner = new ArrayList<>();
            List<Integer> editAt = new ArrayList<>();
            List<Integer> shift = new ArrayList<>();
            int[] bareRow = new int[n];
            int length = 0;
            for (int a = 0; a < n; a++) {
                EditPrompts edit = prompts.get(active.get(a));
                bareRow[a] = sequences.size();
                for (int r = 0; r < edit.rows().size(); r++) {
                    int[] row = edit.rows().get(r);
                    int from = later ? edit.editAt()[r] : 0;
                    sequences.add(row);
                    owner.add(a);
                    editAt.add(edit.editAt()[r]);
                    shift.add(from);
                    length = Math.max(length, row.length - from);
                }
            }
            int rows = sequences.size();
            // Target token j of a prompt is predicted at (prompt length - 1 + j); the NLL is a
            // per-token mean, then a mean over the edit's prompts. Columns count from shift.
            List<Long> picks = new ArrayList<>();
            List<Long> targets = new ArrayList<>();
            List<Integer> pickOwner = new ArrayList<>();
            List<Float> pickWeight = new ArrayList<>();
            long[] klPicks = new long[n];
            for (int a = 0; a < n; a++) {
                EditPrompts edit = prompts.get(active.get(a));
                int templateRows = edit.rows().size() - 1;
                for (int r = 0; r < edit.rows().size(); r++) {
                    int row = bareRow[a] + r;
                    long base = (long) row * length - shift.get(row);
                    if (r == edit.klRow()) {
                        klPicks[a] = base + edit.editAt()[r];
                        continue;
                    }
                    for (int j = 0; j < edit.target().length; j++) {
                        picks.add(base + edit.promptLength()[r] - 1 + j);
                        targets.add((long) edit.target()[j]);
                        pickOwner.add(a);
                        pickWeight.add(1f / (edit.target().length * templateRows));
                    }
                }
            }
            int scored = picks.size();
            int vocab = model.config().vocabSize();
            float[][] deltaRows = new float[n][];
            for (int a = 0; a < n; a++) {
                deltaRows[a] = delta[active.get(a)];
            }
            NDArray deltaLeaf = step.create(flatten(deltaRows), new Shape(n, width));
            deltaLeaf.setRequiresGradient(true);
            float[] select = new float[rows * n];
            int[] at = new int[rows];
            for (int row = 0; row < rows; row++) {
                select[row * n + owner.get(row)] = 1f;
                at[row] = editAt.get(row) - shift.get(row);
            }
            NDArray selector = step.create(select, new Shape(rows, n));
            long[] pickIndex = new long[scored + n];
            for (int p = 0; p < scored; p++) {
                pickIndex[p] = picks.get(p);
            }
            System.arraycopy(klPicks, 0, pickIndex, scored, n);
            long[] targetIndex = targets.stream().mapToLong(Long::longValue).toArray();
            float[] weights = new float[n * scored];
            for (int p = 0; p < scored; p++) {
                weights[pickOwner.get(p) * scored + p] = pickWeight.get(p);
            }
            // Delta added to a block's output is added to the frozen residual entering the next block.
            boolean intoResidual = parts != null && site == Site.BLOCK_OUTPUT;
            NDArray lossVector;
            NDArray nllVector;
            NDArray klLogProbs;
            float[][] initial = null;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray perRow = selector.matMul(deltaLeaf);
                Hooks hooks = new Hooks();
                if (!intoResidual) {
                    hooks.addAt(site, layer, perRow, at);
                    if (first) {
                        hooks.capture(site, layer);
                    }
                }
                NDArray hidden;
                NDArray states = null;
                if (parts == null) {
                    TokenBatch batch = TokenBatch.rightPadded(step, sequences, tokenizer.padId());
                    hidden = model.hidden(batch.ids(), batch.mask(), hooks);
                } else {
                    NDArray input;
                    NDArray mask;
                    if (later) {
                        // A stack shared by passes: what is computed from it must belong to this step.
                        input = parts.laterRows(active);
                        if (!intoResidual) {
                            input = input.duplicate();
                            input.attach(step);
                        }
                        float[] laterMask = new float[rows * length];
                        for (int row = 0; row < rows; row++) {
                            Arrays.fill(laterMask, row * length, row * length + sequences.get(row).length - shift.get(row), 1f);
                        }
                        mask = step.create(laterMask, new Shape(rows, length));
                    } else {
                        NDList lower = new NDList();
                        for (int i : active) {
                            lower.add(parts.lower[i]);
                        }
                        input = lowerRows(step, lower, length);
                        mask = TokenBatch.rightPadded(step, sequences, tokenizer.padId()).mask();
                    }
                    if (intoResidual) {
                        states = input;
                        input = oneHot(step, at, length).mul(perRow.reshape(rows, 1, width)).add(input);
                    }
                    if (later) {
                        int earlierLength = Math.toIntExact(parts.keyValues.get(active.get(0)).get(firstBlock)[0]
                                .getShape().get(2));
                        float[] earlierMask = new float[rows * earlierLength];
                        for (int row = 0; row < rows; row++) {
                            Arrays.fill(earlierMask, row * earlierLength, row * earlierLength + editAt.get(row), 1f);
                        }
                        hidden = model.hiddenFromLater(input, mask, parts.earlier(active),
                                step.create(earlierMask, new Shape(rows, earlierLength)), hooks, firstBlock);
                    } else {
                        KeyValues recorder = KeyValues.recorder();
                        hidden = model.hiddenFrom(input, mask, hooks, firstBlock, recorder);
                        parts.keep(recorder, active, bareRow);
                    }
                }
                if (first) {
                    NDArray read = intoResidual ? states : hooks.captured(site, layer);
                    float[][] all = unflatten(Activations.gatherRows(step, read, at).toFloatArray(), rows, width);
                    initial = new float[n][];
                    for (int a = 0; a < n; a++) {
                        initial[a] = all[bareRow[a]];
                    }
                }
                NDArray index = step.create(pickIndex, new Shape(pickIndex.length, 1));
                NDArray logProbs;
                if (referenceLoop) {
                    // The reference scores every token and then picks; same numbers, more work.
                    NDArray all = model.logits(hidden).reshape((long) rows * length, vocab);
                    logProbs = all.gather(index.broadcast(pickIndex.length, vocab), 0).logSoftmax(-1);
                } else {
                    NDArray picked = hidden.reshape((long) rows * length, width)
                            .gather(index.broadcast(pickIndex.length, width), 0);
                    logProbs = model.logits(picked).logSoftmax(-1);
                }
                NDArray targetLogProbs = logProbs.get("0:" + scored)
                        .gather(step.create(targetIndex, new Shape(scored, 1)), 1).reshape(scored);
                nllVector = step.create(weights, new Shape(n, scored)).matMul(targetLogProbs.neg().reshape(scored, 1))
                        .reshape(n);
                klLogProbs = logProbs.get(scored + ":");
                lossVector = nllVector;
                if (!first && settings.klFactor() > 0) {
                    float[][] initRows = new float[n][];
                    for (int a = 0; a < n; a++) {
                        initRows[a] = klInit[active.get(a)];
                    }
                    NDArray init = step.create(flatten(initRows), new Shape(n, vocab));
                    NDArray kl = klLogProbs.exp().mul(klLogProbs.clip(LOG_PROB_FLOOR, 0f).sub(init.clip(LOG_PROB_FLOOR, 0f)))
                            .sum(new int[] {1});
                    lossVector = lossVector.add(Constants.mul(kl, settings.klFactor()));
                }
                if (!first && settings.weightDecay() > 0) {
                    float[] scale = new float[n];
                    for (int a = 0; a < n; a++) {
                        double norm = hInitNorm[active.get(a)];
                        scale[a] = (float) (settings.weightDecay() / (norm * norm));
                    }
                    NDArray squares = deltaLeaf.square().sum(new int[] {1});
                    NDArray decay = settings.decayForm() == ZSettings.DecayForm.SQUARED
                            ? squares
                            : squares.add(NORM_FLOOR).sqrt();
                    lossVector = lossVector.add(decay.mul(step.create(scale)));
                }
                collector.backward(lossVector.sum());
            }
            float[] lossValues = lossVector.toFloatArray();
            float[] nllValues = nllVector.toFloatArray();
            double[] lossOut = new double[n];
            double[] nllOut = new double[n];
            for (int a = 0; a < n; a++) {
                lossOut[a] = lossValues[a];
                nllOut[a] = nllValues[a];
            }
            float[][] gradient = unflatten(deltaLeaf.getGradient().toFloatArray(), n, width);
            float[][] klNow = first ? unflatten(klLogProbs.toFloatArray(), n, vocab) : null;
            return new Pass(lossOut, nllOut, gradient, klNow, initial);
        }
    }

    /** Frozen (rows_i, T_i, C) tensors, cut or padded to {@code length} tokens and stacked, in the step's manager. */
    private static NDArray lowerRows(NDManager step, NDList frozen, int length) {
        NDList parts = new NDList();
        for (NDArray part : frozen) {
            long have = part.getShape().get(1);
            if (have > length) {
                part = part.get(":, 0:" + length);
                part.attach(step);
            } else if (have < length) {
                Shape shape = part.getShape();
                part = part.concat(step.zeros(new Shape(shape.get(0), length - have, shape.get(2))), 1);
                part.attach(step);
            }
            parts.add(part);
        }
        return joinRows(step, parts);
    }

    /**
     * Concatenates along the first axis into a new tensor owned by {@code step}: results of
     * operations on frozen tensors would otherwise belong to the frozen manager and pile up
     * there until the chunk ends.
     */
    private static NDArray joinRows(NDManager step, NDList parts) {
        NDArray joined = parts.size() == 1 ? parts.singletonOrThrow().duplicate() : NDArrays.concat(parts, 0);
        joined.attach(step);
        return joined;
    }

    /** (rows, length, 1): 1 at token at[row] of each row. */
    private static NDArray oneHot(NDManager step, int[] at, int length) {
        float[] hot = new float[at.length * length];
        for (int row = 0; row < at.length; row++) {
            hot[row * length + at[row]] = 1f;
        }
        return step.create(hot, new Shape(at.length, length, 1));
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

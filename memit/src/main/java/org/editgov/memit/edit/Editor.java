package org.editgov.memit.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Gpt2Weights;
import org.editgov.memit.runtime.Site;
import org.ejml.data.DMatrixRMaj;

/**
 * The editing engine's entry point: a model, its tokenizer and the second moments of its edited
 * layers in; batches of requests written into a copy of the weights; per batch, the change of
 * every layer and what it took. Successive {@link #edit} calls edit sequentially (each on the
 * model the previous one left), which is what AlphaEdit's memory of earlier keys is for.
 * The given model is never changed: it stays the unedited reference.
 */
public final class Editor implements AutoCloseable {

    /**
     * What one batch did.
     *
     * @param deltas change per edited layer (ROME: all its rank-one changes joined)
     * @param targets the z optimisation
     * @param templates the context templates used
     * @param zSeconds time spent on z
     * @param updateSeconds time spent on keys, solves and writing the weights
     * @param targetReached share of the change z asks that the edited weights make at z's layer
     *        ({@link #reachedShare}; NaN for ROME)
     */
    public record Outcome(List<LayerDelta> deltas, TargetVectors.Result targets, ContextTemplates templates,
            double zSeconds, double updateSeconds, double targetReached) {
    }

    private final Gpt2Model original;
    private final TextTokenizer tokenizer;
    private final Map<Integer, DMatrixRMaj> secondMoments;
    private final PrintStream log;
    private final NDManager manager;
    private final Gpt2Model current;
    private final AlphaEditProjection alphaEdit;
    private ContextTemplates templates;

    /**
     * @param secondMoments C_l for every layer that will be edited
     * @param alphaEdit AlphaEdit's projection and memory (used by that method only)
     */
    public Editor(Gpt2Model original, TextTokenizer tokenizer, Map<Integer, DMatrixRMaj> secondMoments,
            AlphaEditProjection alphaEdit, PrintStream log) {
        this.original = original;
        this.tokenizer = tokenizer;
        this.secondMoments = Map.copyOf(secondMoments);
        this.alphaEdit = alphaEdit;
        this.log = log;
        this.manager = original.weights().manager().newSubManager();
        this.current = new Gpt2Model(original.config(), original.weights().copy(manager));
    }

    /** The model with every batch so far written in. */
    public Gpt2Model model() {
        return current;
    }

    public Outcome edit(List<EditRequest> requests, EditSettings settings) {
        return edit(requests, settings, null);
    }

    /**
     * As {@link #edit(List, EditSettings)}, with the z of {@code requests} already at hand, as
     * {@link Outcome#targets()} of an earlier MEMIT or AlphaEdit batch returned them for the same
     * requests, seed, position, z settings and z layer on the same model (a sweep tries several
     * updates on one z). Null computes them.
     */
    public Outcome edit(List<EditRequest> requests, EditSettings settings, TargetVectors.Result given) {
        if (given != null && (settings.method() == Method.ROME || given.z().length != requests.size())) {
            throw new IllegalArgumentException("given z fit MEMIT or AlphaEdit batches of the same requests only");
        }
        for (int layer : settings.layers()) {
            if (layer < 0 || layer >= original.config().nLayer()) {
                throw new IllegalArgumentException("layer " + layer + " does not exist (the model has "
                        + original.config().nLayer() + ")");
            }
            if (!secondMoments.containsKey(layer)) {
                throw new IllegalArgumentException("no second moment was given for layer " + layer);
            }
        }
        if (!settings.prefixedTemplates()) {
            templates = ContextTemplates.bare();
        } else if (templates == null || templates.groups().size() == 1) {
            templates = ContextTemplates.generate(original, tokenizer, settings.seed());
        }
        return settings.method() == Method.ROME ? rome(requests, settings) : memit(requests, settings, given);
    }

    private Outcome memit(List<EditRequest> requests, EditSettings settings, TargetVectors.Result given) {
        long start = System.nanoTime();
        int zLayer = settings.zLayer();
        TargetVectors.Result targets = given != null ? given
                : new TargetVectors(current, tokenizer, templates, settings.z(), settings.position(), Site.BLOCK_OUTPUT,
                        zLayer, settings.serial()).compute(requests, settings.zChunk(), log);
        double zSeconds = (System.nanoTime() - start) / 1e9;
        log.printf("z: %d edits at layer %d, mean NLL of the new object %.3f, %.1f s%n", requests.size(), zLayer,
                targets.meanNll(), zSeconds);
        long updateStart = System.nanoTime();
        Keys keys = new Keys(current, tokenizer, templates, settings.position(), settings.keyAveraging());
        List<Integer> layers = settings.layers();
        Map<Integer, LayerDelta> written = new LinkedHashMap<>();
        for (int round = 0; round < settings.rounds(); round++) {
            for (LayerDelta delta : round(requests, settings, targets, keys)) {
                written.merge(delta.layer(), delta, LayerDelta::plus);
            }
        }
        List<LayerDelta> deltas = new ArrayList<>(written.values());
        if (settings.method() == Method.ALPHAEDIT) {
            for (int layer : layers) {
                alphaEdit.remember(layer, keys.at(layer, requests));
            }
        }
        double updateSeconds = (System.nanoTime() - updateStart) / 1e9;
        // A diagnostic of the written update, not part of it: outside the update's seconds.
        double reached = reachedShare(targets, keys.bare(Site.BLOCK_OUTPUT, zLayer, requests));
        log.printf("update: layers %s, %.1f s; the edited weights make %.1f %% of the change z asks at layer %d%n", layers,
                updateSeconds, 100 * reached, zLayer);
        return new Outcome(deltas, targets, templates, zSeconds, updateSeconds, reached);
    }

    /**
     * The reference's pass: layer by layer from the lowest, each solving for the residual still
     * missing at z's layer divided by the layers left, and written before the next layer's keys are
     * read. A further round starts again from the lowest layer with what the last round left missing.
     */
    private List<LayerDelta> round(List<EditRequest> requests, EditSettings settings, TargetVectors.Result targets,
            Keys keys) {
        List<Integer> layers = settings.layers();
        List<LayerDelta> deltas = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            int layer = layers.get(i);
            DMatrixRMaj k = keys.at(layer, requests);
            DMatrixRMaj residual = residual(requests, settings, targets, keys, layers.size() - i);
            LayerDelta delta = settings.method() == Method.ALPHAEDIT
                    ? alphaEdit.solve(layer, secondMoments.get(layer), k, residual)
                    : MemitUpdate.solve(layer, secondMoments.get(layer), k, residual, settings.lambda());
            apply(delta);
            deltas.add(delta);
        }
        return deltas;
    }

    /** R = (Z - H) / share: what is still missing at z's layer on the model as it is now. */
    private DMatrixRMaj residual(List<EditRequest> requests, EditSettings settings, TargetVectors.Result targets, Keys keys,
            int share) {
        float[][] now = keys.bare(Site.BLOCK_OUTPUT, settings.zLayer(), requests);
        int width = original.config().nEmbd();
        DMatrixRMaj residual = new DMatrixRMaj(width, requests.size());
        for (int e = 0; e < requests.size(); e++) {
            for (int c = 0; c < width; c++) {
                residual.set(c, e, ((double) targets.z()[e][c] - now[e][c]) / share);
            }
        }
        return residual;
    }

    /** One rank-one update per request, each on the model the previous one left, at the first layer given. */
    private Outcome rome(List<EditRequest> requests, EditSettings settings) {
        int layer = settings.zLayer();
        double zSeconds = 0;
        double updateSeconds = 0;
        LayerDelta joined = null;
        int width = original.config().nEmbd();
        List<TargetVectors.Result> results = new ArrayList<>();
        for (EditRequest request : requests) {
            long start = System.nanoTime();
            TargetVectors.Result target = new TargetVectors(current, tokenizer, templates, settings.z(),
                    settings.position(), Site.MLP_OUTPUT, layer).compute(List.of(request), 1);
            results.add(target);
            long mid = System.nanoTime();
            Keys keys = new Keys(current, tokenizer, templates, settings.position(), settings.keyAveraging());
            DMatrixRMaj averaged = keys.at(layer, List.of(request));
            double[] key = averaged.data.clone();
            double[] denominator = settings.romeBareKey() ? toDouble(keys.bare(Site.MLP_KEYS, layer, List.of(request))[0]) : key;
            float[] output = keys.bare(Site.MLP_OUTPUT, layer, List.of(request))[0];
            double[] change = new double[width];
            for (int c = 0; c < width; c++) {
                change[c] = (double) target.z()[0][c] - output[c];
            }
            LayerDelta delta = RomeUpdate.solve(layer, secondMoments.get(layer), key, denominator, change);
            apply(delta);
            joined = joined == null ? delta : joined.plus(delta);
            zSeconds += (mid - start) / 1e9;
            updateSeconds += (System.nanoTime() - mid) / 1e9;
        }
        TargetVectors.Result all = join(results);
        log.printf("rome: %d edits at layer %d, mean NLL of the new object %.3f, z %.1f s, update %.1f s%n",
                requests.size(), layer, all.meanNll(), zSeconds, updateSeconds);
        return new Outcome(List.of(joined), all, templates, zSeconds, updateSeconds, Double.NaN);
    }

    /**
     * How much of the change z asks for the edited weights make, over all edits: the projection of
     * (h_now - h_init) on (z - h_init), relative to ||z - h_init||^2, summed over edits. 1 is every
     * target reached; a batch larger than the edited layers can hold falls well short of it.
     */
    static double reachedShare(TargetVectors.Result targets, float[][] now) {
        double made = 0;
        double asked = 0;
        for (int e = 0; e < now.length; e++) {
            for (int c = 0; c < now[e].length; c++) {
                double want = (double) targets.z()[e][c] - targets.hInit()[e][c];
                made += want * ((double) now[e][c] - targets.hInit()[e][c]);
                asked += want * want;
            }
        }
        return asked == 0 ? Double.NaN : made / asked;
    }

    /** W += Delta^T, rounded once to float32. */
    private void apply(LayerDelta delta) {
        Gpt2Weights weights = current.weights();
        NDArray weight = weights.get(delta.weightName());
        float[] values = weight.toFloatArray();
        DMatrixRMaj change = delta.dense();
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (values[i] + change.data[i]);
        }
        Shape shape = weight.getShape();
        weights.replace(delta.weightName(), manager.create(values, shape)).close();
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static TargetVectors.Result join(List<TargetVectors.Result> results) {
        int n = results.size();
        float[][] z = new float[n][];
        float[][] h = new float[n][];
        double[] loss = new double[n];
        double[] nll = new double[n];
        int[] steps = new int[n];
        for (int i = 0; i < n; i++) {
            z[i] = results.get(i).z()[0];
            h[i] = results.get(i).hInit()[0];
            loss[i] = results.get(i).finalLoss()[0];
            nll[i] = results.get(i).finalNll()[0];
            steps[i] = results.get(i).steps()[0];
        }
        return new TargetVectors.Result(z, h, loss, nll, steps);
    }

    /** Frees the edited copy of the weights. */
    @Override
    public void close() {
        manager.close();
    }
}

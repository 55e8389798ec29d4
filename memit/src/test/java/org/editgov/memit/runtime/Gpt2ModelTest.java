package org.editgov.memit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.editgov.memit.djl.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Gpt2ModelTest {

    static final Gpt2Config CONFIG = new Gpt2Config(23, 16, 12, 2, 3, 1e-5, Gpt2Config.GELU_NEW);

    NDManager manager;
    Gpt2Weights weights;
    Gpt2Model model;

    @BeforeAll
    static void offline() {
        Djl.ensureOffline();
    }

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        weights = perturbed(Gpt2Weights.randomInit(CONFIG, manager, 7), 11);
        model = new Gpt2Model(CONFIG, weights);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Random values everywhere (biases and LayerNorm too), large enough that attention is not uniform. */
    static Gpt2Weights perturbed(Gpt2Weights weights, long seed) {
        SeededGaussian gaussian = new SeededGaussian(seed);
        NDManager m = weights.manager();
        for (String name : Gpt2Weights.names(weights.config())) {
            Shape shape = weights.get(name).getShape();
            NDArray value = gaussian.next(m, shape, 0.3);
            if (name.contains("ln_") && name.endsWith(".weight")) {
                value = value.add(1f);
            }
            weights.replace(name, value).close();
        }
        return weights;
    }

    float[] logitsOf(NDManager m, int[] ids) {
        TokenBatch batch = TokenBatch.rightPadded(m, List.of(ids), 0);
        return model.forward(batch.ids(), batch.mask()).toFloatArray();
    }

    @Test
    void forwardMatchesANaiveReferenceImplementation() {
        Map<String, float[]> arrays = new HashMap<>();
        weights.asMap().forEach((name, tensor) -> arrays.put(name, tensor.toFloatArray()));
        int[] ids = {3, 17, 0, 22, 9, 9, 4};
        double[][] expected = new ReferenceGpt2(CONFIG, arrays).logits(ids);

        float[] actual = logitsOf(manager, ids);

        for (int t = 0; t < ids.length; t++) {
            for (int v = 0; v < CONFIG.vocabSize(); v++) {
                assertThat((double) actual[t * CONFIG.vocabSize() + v]).isCloseTo(expected[t][v], within(1e-4));
            }
        }
    }

    @Test
    void rightPaddedBatchGivesTheSameLogitsAsEachSequenceAlone() {
        int[] shortSeq = {5, 1, 2};
        int[] longSeq = {8, 8, 3, 14, 2, 6};
        TokenBatch batch = TokenBatch.rightPadded(manager, List.of(shortSeq, longSeq), 19);
        NDArray logits = model.forward(batch.ids(), batch.mask());
        assertThat(logits.getShape()).isEqualTo(new Shape(2, 6, CONFIG.vocabSize()));

        float[] shortAlone = logitsOf(manager, shortSeq);
        float[] longAlone = logitsOf(manager, longSeq);
        float[] shortInBatch = logits.get(new NDIndex("0, 0:3")).toFloatArray();
        float[] longInBatch = logits.get(new NDIndex("1")).toFloatArray();
        assertThat(shortInBatch).containsExactly(shortAlone, within(1e-5f));
        assertThat(longInBatch).containsExactly(longAlone, within(1e-5f));
    }

    @Test
    void changingALaterTokenLeavesEarlierLogitsUnchanged() {
        float[] before = logitsOf(manager, new int[] {4, 9, 2, 7, 1});
        float[] after = logitsOf(manager, new int[] {4, 9, 2, 20, 1});
        int v = CONFIG.vocabSize();
        for (int i = 0; i < 3 * v; i++) {
            assertThat(after[i]).isEqualTo(before[i]);
        }
        double change = 0;
        for (int i = 3 * v; i < 5 * v; i++) {
            change += Math.abs(after[i] - before[i]);
        }
        assertThat(change).isGreaterThan(1e-2);
    }

    @Test
    void capturedStatesAreConsistentWithTheOutput() {
        int last = CONFIG.nLayer() - 1;
        TokenBatch batch = TokenBatch.rightPadded(manager, List.of(new int[] {1, 2, 3, 4}), 0);
        Hooks hooks = new Hooks().captureMlpKeys(last).capture(Site.MLP_OUTPUT, last).captureResidual(last);
        NDArray logits = model.forward(batch.ids(), batch.mask(), hooks);

        NDArray keys = hooks.mlpKeys(last);
        assertThat(keys.getShape()).isEqualTo(new Shape(1, 4, CONFIG.mlpWidth()));
        NDArray projected = keys.matMul(weights.get("h.1.mlp.c_proj.weight")).add(weights.get("h.1.mlp.c_proj.bias"));
        assertThat(projected.toFloatArray()).containsExactly(hooks.captured(Site.MLP_OUTPUT, last).toFloatArray(), within(1e-5f));

        NDArray fromResidual = model.logits(ai.djl.nn.norm.LayerNorm.layerNorm(hooks.residual(last), new Shape(CONFIG.nEmbd()),
                weights.get("ln_f.weight"), weights.get("ln_f.bias"), 1e-5f).singletonOrThrow());
        assertThat(fromResidual.toFloatArray()).containsExactly(logits.toFloatArray(), within(1e-5f));
    }

    @Test
    void vectorAddedToABlockOutputGetsAGradientAndCanLowerTheLoss() {
        TokenBatch batch = TokenBatch.rightPadded(manager, List.of(new int[] {1, 2, 3, 4}, new int[] {5, 6, 7}), 0);
        int target = 11;
        NDArray delta = manager.zeros(new Shape(CONFIG.nEmbd()));
        delta.setRequiresGradient(true);
        int[] subject = {1, 1};
        double lossBefore;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = targetLoss(batch, new Hooks().addToBlockOutput(0, delta, subject), target);
            lossBefore = loss.getFloat();
            collector.backward(loss);
        }
        NDArray gradient = delta.getGradient();
        assertThat(gradient.abs().sum().getFloat()).isGreaterThan(0f);

        NDArray step = gradient.mul(-2.0f / gradient.norm().getFloat());
        double lossAfter = targetLoss(batch, new Hooks().addToBlockOutput(0, step, subject), target).getFloat();
        assertThat(lossAfter).isLessThan(lossBefore);

        // The addition at token 1 is invisible to token 0 (causality holds through hooks).
        NDArray plain = model.forward(batch.ids(), batch.mask());
        NDArray shifted = model.forward(batch.ids(), batch.mask(), new Hooks().addToBlockOutput(0, step, subject));
        assertThat(shifted.get(new NDIndex(":, 0")).toFloatArray())
                .containsExactly(plain.get(new NDIndex(":, 0")).toFloatArray(), within(1e-6f));
    }

    /** Mean NLL of {@code target} at each row's last real token. */
    private NDArray targetLoss(TokenBatch batch, Hooks hooks, int target) {
        NDArray logProbs = model.forward(batch.ids(), batch.mask(), hooks).logSoftmax(-1);
        NDArray a = logProbs.get(new NDIndex("0, 3, " + target));
        NDArray b = logProbs.get(new NDIndex("1, 2, " + target));
        return a.add(b).div(-2f);
    }

    @Test
    void weightGradientsFlowAndAccumulateUntilZeroed() {
        TokenBatch batch = TokenBatch.rightPadded(manager, List.of(new int[] {1, 2, 3, 4}), 0);
        weights.requireGradients();
        float first = backwardAndReadGradient(batch);
        assertThat(first).isNotZero();
        float accumulated = backwardAndReadGradient(batch);
        assertThat(accumulated).isCloseTo(2 * first, within(Math.abs(first) * 1e-4f));
        weights.zeroGradients();
        float afterZero = backwardAndReadGradient(batch);
        assertThat(afterZero).isCloseTo(first, within(Math.abs(first) * 1e-4f));
    }

    private float backwardAndReadGradient(TokenBatch batch) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = model.forward(batch.ids(), batch.mask()).logSoftmax(-1).get(new NDIndex("0, 3, 5")).neg();
            collector.backward(loss);
        }
        return weights.get("h.0.mlp.c_proj.weight").getGradient().abs().sum().getFloat();
    }

    @Test
    void restoringEveryCleanStateUndoesEmbeddingNoise() {
        int[] ids = {3, 1, 4, 1, 5};
        int last = CONFIG.nLayer() - 1;
        TokenBatch batch = TokenBatch.rightPadded(manager, List.of(ids), 0);
        Hooks clean = new Hooks().captureResidual(last).capture(Site.MLP_OUTPUT, 0);
        float[] cleanLogits = model.forward(batch.ids(), batch.mask(), clean).toFloatArray();
        NDArray noise = new SeededGaussian(3).next(manager, new Shape(1, 5, CONFIG.nEmbd()), 1.0);

        float[] noisy = model.forward(batch.ids(), batch.mask(), new Hooks().addToEmbeddings(noise)).toFloatArray();
        assertThat(maxDifference(noisy, cleanLogits)).isGreaterThan(1e-2);

        Hooks restore = new Hooks().addToEmbeddings(noise);
        for (int t = 0; t < ids.length; t++) {
            restore.replaceResidual(last, 0, t, clean.residual(last).get(new NDIndex("0, " + t)));
        }
        float[] restored = model.forward(batch.ids(), batch.mask(), restore).toFloatArray();
        assertThat(restored).containsExactly(cleanLogits, within(1e-5f));

        NDArray cleanMlp = clean.captured(Site.MLP_OUTPUT, 0);
        Hooks oneMlp = new Hooks().addToEmbeddings(noise).replaceMlpOutput(0, 0, 2, cleanMlp.get(new NDIndex("0, 2")));
        float[] partly = model.forward(batch.ids(), batch.mask(), oneMlp).toFloatArray();
        assertThat(maxDifference(partly, noisy)).isGreaterThan(1e-4);
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void replacedWeightTakesEffectOnTheNextForward() {
        float[] before = logitsOf(manager, new int[] {1, 2});
        NDArray old = weights.replace("h.1.mlp.c_proj.weight", manager.zeros(new Shape(CONFIG.mlpWidth(), CONFIG.nEmbd())));
        float[] after = logitsOf(manager, new int[] {1, 2});
        assertThat(maxDifference(before, after)).isGreaterThan(1e-3);
        weights.replace("h.1.mlp.c_proj.weight", old);
        assertThat(logitsOf(manager, new int[] {1, 2})).containsExactly(before);
    }

    @Test
    void aStepInASubManagerLeavesNothingInTheWeightsManager() {
        weights.requireGradients();
        NDArray delta = manager.zeros(new Shape(CONFIG.nEmbd()));
        delta.setRequiresGradient(true);
        int before = manager.getManagedArrays().size();
        for (int i = 0; i < 3; i++) {
            try (NDManager step = manager.newSubManager()) {
                TokenBatch batch = TokenBatch.rightPadded(step, List.of(new int[] {1, 2, 3}, new int[] {4, 5}), 0);
                weights.zeroGradients();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    Hooks hooks = new Hooks().addToBlockOutput(1, delta, new int[] {2, 1}).captureMlpKeys(0)
                            .replaceMlpOutput(0, 0, 0, step.zeros(new Shape(CONFIG.nEmbd())));
                    NDArray loss = model.forward(batch.ids(), batch.mask(), hooks).logSoftmax(-1).mean().neg();
                    collector.backward(loss);
                }
            }
        }
        new Generator(model, 0).meanNll(List.of(new int[] {1}), List.of(new int[] {2, 3}));
        new Generator(model, 0).greedy(new int[] {1, 2}, 2, -1);
        assertThat(manager.getManagedArrays()).hasSize(before);
    }

    @Test
    void runningThroughALayerGivesThatLayersResidualAndKeys() {
        TokenBatch batch = TokenBatch.rightPadded(manager, List.of(new int[] {1, 2, 3, 4}, new int[] {7, 8}), 0);
        Hooks full = new Hooks().captureResidual(0).captureMlpKeys(0);
        model.forward(batch.ids(), batch.mask(), full);
        Hooks partial = new Hooks().captureMlpKeys(0);
        NDArray residual = model.runThrough(batch.ids(), batch.mask(), partial, 0);
        assertThat(residual.toFloatArray()).containsExactly(full.residual(0).toFloatArray(), within(1e-6f));
        assertThat(partial.mlpKeys(0).toFloatArray()).containsExactly(full.mlpKeys(0).toFloatArray(), within(1e-6f));
    }

    @Test
    void continuingFromALowerResidualGivesTheFullForwardAndItsGradient() {
        TokenBatch batch = TokenBatch.rightPadded(manager, List.of(new int[] {1, 2, 3, 4}, new int[] {7, 8}), 0);
        NDArray full = model.forward(batch.ids(), batch.mask());
        NDArray lower = model.runThrough(batch.ids(), batch.mask(), new Hooks(), 0);
        NDArray resumed = model.logits(model.hiddenFrom(lower, batch.mask(), new Hooks(), 1));
        assertThat(resumed.toFloatArray()).containsExactly(full.toFloatArray(), within(1e-5f));

        // A vector added to block 0's output at token 1 of each row: through a hook in the full
        // forward, or added to the saved residual before resuming at block 1. Same gradient.
        NDArray viaHook = manager.zeros(new Shape(CONFIG.nEmbd()));
        viaHook.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = model.forward(batch.ids(), batch.mask(), new Hooks().addToBlockOutput(0, viaHook, new int[] {1, 1}))
                    .logSoftmax(-1).get(new NDIndex("0, 3, 5")).neg();
            collector.backward(loss);
        }
        NDArray viaResidual = manager.zeros(new Shape(CONFIG.nEmbd()));
        viaResidual.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray oneHot = manager.create(new float[] {0f, 1f, 0f, 0f, 0f, 1f, 0f, 0f}, new Shape(2, 4, 1));
            NDArray loss = model.logits(model.hiddenFrom(lower.add(oneHot.mul(viaResidual)), batch.mask(), new Hooks(), 1))
                    .logSoftmax(-1).get(new NDIndex("0, 3, 5")).neg();
            collector.backward(loss);
        }
        assertThat(viaHook.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
        assertThat(viaResidual.getGradient().toFloatArray()).containsExactly(viaHook.getGradient().toFloatArray(), within(1e-5f));
    }
}

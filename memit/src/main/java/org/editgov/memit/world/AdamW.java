package org.editgov.memit.world;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.editgov.memit.runtime.Gpt2Weights;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), kept here rather than DJL's
 * {@code Optimizer.adam()} because its moments must be saved in checkpoints and DJL keeps them
 * private. With bias-corrected moments m^ = m / (1 - b1^t), v^ = v / (1 - b2^t):
 * {@code w -= lr (m^ / (sqrt(v^) + eps) + wd w)}, decay only on matrices. Gradients are first
 * scaled so their global norm is at most {@code clipNorm}.
 */
final class AdamW {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.95;
    static final double EPSILON = 1e-8;

    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long step;

    AdamW(Gpt2Weights weights, NDManager manager) {
        for (var e : weights.asMap().entrySet()) {
            m.put(e.getKey(), manager.zeros(e.getValue().getShape()));
            v.put(e.getKey(), manager.zeros(e.getValue().getShape()));
        }
    }

    long step() {
        return step;
    }

    /** Moments by name ("m." / "v." prefixed) for a checkpoint. */
    Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put("m." + k, a));
        v.forEach((k, a) -> out.put("v." + k, a));
        return out;
    }

    void restore(Map<String, NDArray> saved, long savedStep) {
        for (var e : state().entrySet()) {
            NDArray value = saved.get(e.getKey());
            if (value == null || !value.getShape().equals(e.getValue().getShape())) {
                throw new IllegalStateException("checkpoint lacks optimiser state " + e.getKey());
            }
            e.getValue().set(value.toFloatArray());
        }
        step = savedStep;
    }

    /**
     * One update from the gradients the last backward pass left on the weights; returns the
     * gradient norm. A non-finite norm changes nothing (no step is counted) and returns NaN: one
     * overflowing batch must not turn every weight into NaN.
     */
    double update(Gpt2Weights weights, double learningRate, double weightDecay, double clipNorm) {
        try (NDManager scratch = weights.manager().newSubManager()) {
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            double squares = 0;
            for (var e : weights.asMap().entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(scratch);
                gradients.put(e.getKey(), g);
                squares += g.square().sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) {
                return Double.NaN;
            }
            step++;
            double bias1 = 1 - Math.pow(BETA1, step);
            double bias2 = 1 - Math.pow(BETA2, step);
            float scale = (float) (norm > clipNorm ? clipNorm / norm : 1.0);
            for (var e : weights.asMap().entrySet()) {
                String name = e.getKey();
                NDArray w = e.getValue();
                NDArray g = gradients.get(name).mul(scale);
                NDArray mi = m.get(name);
                NDArray vi = v.get(name);
                mi.muli(BETA1).addi(g.mul(1 - BETA1));
                vi.muli(BETA2).addi(g.square().mul(1 - BETA2));
                NDArray denominator = scratch(vi.div(bias2), scratch).sqrt().add(EPSILON);
                NDArray step = scratch(mi.div(bias1), scratch).div(denominator).mul(learningRate);
                if (w.getShape().dimension() == 2 && weightDecay > 0) {
                    step = step.add(scratch(w.mul(learningRate * weightDecay), scratch));
                }
                w.subi(step);
            }
            return norm;
        }
    }

    /** Moves a temporary made from a long-lived array into the step's scratch manager. */
    private static NDArray scratch(NDArray temporary, NDManager scratch) {
        temporary.attach(scratch);
        return temporary;
    }
}

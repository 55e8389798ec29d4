package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Gaussian tensors drawn in Java from a seed, so that the same seed gives the same numbers on
 * every machine and engine build (the engine's own generator is global and not portable).
 */
public final class SeededGaussian {

    private final SplittableRandom random;

    public SeededGaussian(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A float32 tensor of independent N(0, std^2) values. */
    public NDArray next(NDManager manager, Shape shape, double std) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (nextStandard() * std);
        }
        return manager.create(values, shape);
    }

    /** One N(0, 1) draw by the Box-Muller transform (SplittableRandom has no nextGaussian on Java 17). */
    public double nextStandard() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}

package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;

/**
 * Multiplying or dividing by a constant where autograd may run a backward pass later.
 *
 * <p>DJL's {@code x.mul(0.5)} wraps the constant in a tensor over a direct buffer and closes it
 * at once. The autograd graph keeps that tensor (the backward of a product needs the other
 * factor), but not the buffer: once the Java garbage collector frees it, the backward reads
 * freed memory. Gradients then turned NaN at random, more often on a loaded machine (measured:
 * 1 in 40 z optimisations of the tiny test model under load, and CI's 100-edit run). Here the
 * constant is first copied into memory the engine owns, which the graph's reference keeps alive.
 */
public final class Constants {

    private Constants() {
    }

    /** {@code x * value}, safe to differentiate. */
    public static NDArray mul(NDArray x, double value) {
        try (NDArray owned = owned(x, value)) {
            return x.mul(owned);
        }
    }

    /** {@code x / value}, safe to differentiate. */
    public static NDArray div(NDArray x, double value) {
        try (NDArray owned = owned(x, value)) {
            return x.div(owned);
        }
    }

    private static NDArray owned(NDArray like, double value) {
        try (NDArray wrapped = like.getManager().create((float) value)) {
            return wrapped.duplicate();
        }
    }
}

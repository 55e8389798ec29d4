package org.editgov.memit.io;

/**
 * How {@link ModelDirectory#save} writes weights.
 *
 * @param dtype element type on disk; F16/BF16 halve the size and round the weights
 * @param maxShardBytes above this many bytes of tensors, split into
 *     {@code model-0000i-of-0000n.safetensors} plus {@code model.safetensors.index.json}
 *     (Long.MAX_VALUE: always one file)
 */
public record SaveOptions(SafetensorsDtype dtype, long maxShardBytes) {

    public static final SaveOptions DEFAULT = new SaveOptions(SafetensorsDtype.F32, Long.MAX_VALUE);

    public SaveOptions {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
        }
    }
}

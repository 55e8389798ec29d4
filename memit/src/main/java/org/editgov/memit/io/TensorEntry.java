package org.editgov.memit.io;

/**
 * One tensor described by a safetensors header.
 *
 * @param name key in the header
 * @param dtype element type
 * @param shape dimensions (empty for a scalar)
 * @param begin first byte, relative to the start of the data section
 * @param end one past the last byte, relative to the start of the data section
 */
public record TensorEntry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

    public long elementCount() {
        long count = 1;
        for (long dimension : shape) {
            count *= dimension;
        }
        return count;
    }
}

package org.editgov.memit.io;

import java.util.Optional;

/** The element types this runtime reads and writes in safetensors files; the model computes in F32. */
public enum SafetensorsDtype {
    F32(4),
    F16(2),
    BF16(2);

    private final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public static Optional<SafetensorsDtype> parse(String name) {
        for (SafetensorsDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return Optional.of(dtype);
            }
        }
        return Optional.empty();
    }
}

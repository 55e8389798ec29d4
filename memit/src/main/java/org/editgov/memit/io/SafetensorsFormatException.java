package org.editgov.memit.io;

import java.nio.file.Path;

/** A safetensors file is truncated, malformed or hostile (bad header, dtype, shape or offsets). */
public class SafetensorsFormatException extends ModelIoException {

    public SafetensorsFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public SafetensorsFormatException(Path file, String tensor, String problem) {
        super(file + ": tensor '" + tensor + "': " + problem);
    }
}

package org.editgov.memit.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading a dataset for a command (its failure is the user's to fix) and writing reports as indented JSON. */
public final class WorldJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private WorldJson() {
    }

    /** The dataset's records; a missing or malformed file becomes an IllegalArgumentException with one clear line. */
    public static List<CounterFactRecord> dataset(Path file) {
        try {
            return CounterFactDataset.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static void write(Path file, Object value) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), value);
    }
}

package org.editgov.memit.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code world.json} next to a trained model: the world and training settings it came from (so
 * recall can tell trained prompts from biography-only ones) and what training measured.
 */
public record WorldCard(
        WorldSpec world,
        TrainingConfig training,
        int vocabSize,
        long parameters,
        long steps,
        long tokens,
        double trainSeconds,
        double tokensPerSecond,
        double firstEpochLoss,
        double lastEpochLoss) {

    public static final String FILE = "world.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path directory) throws IOException {
        JSON.writeValue(directory.resolve(FILE).toFile(), this);
    }

    /** The card of a model directory, or null when it has none (a model not trained here). */
    public static WorldCard read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), WorldCard.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a valid world card: " + e.getMessage(), e);
        }
    }
}

package org.editgov.memit.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a model mediates facts, as {@code memit trace} writes it: {@code "mediating_position"}
 * ({@code subject-last} or {@code last}) and {@code "mediating_layers"}. The {@code auto}
 * position and the default layers of an edit come from here.
 */
public record MediationTrace(TokenPosition position, List<Integer> layers) {

    /** The file a model folder's trace is looked for in when none is named. */
    public static final String FILE_NAME = "trace.json";

    public static MediationTrace read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("trace " + file + " does not exist (run memit trace --json " + file + ")");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("trace " + file + " is not valid JSON: " + e.getMessage());
        }
        JsonNode position = root == null ? null : root.get("mediating_position");
        JsonNode layers = root == null ? null : root.get("mediating_layers");
        if (position == null || !position.isTextual() || layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException("trace " + file + " has no mediating_position and mediating_layers");
        }
        TokenPosition parsed = TokenPosition.parse(position.asText());
        if (parsed == TokenPosition.AUTO) {
            throw new IllegalArgumentException("trace " + file + " names no position (auto)");
        }
        List<Integer> list = new ArrayList<>();
        layers.forEach(layer -> list.add(layer.asInt()));
        return new MediationTrace(parsed, List.copyOf(list));
    }
}

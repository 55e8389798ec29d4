package org.editgov.memit.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CounterFact records from JSON: the reduced form ({@code prompt}, {@code subject},
 * {@code ground_truth}, ...) and the original form ({@code requested_rewrite},
 * {@code paraphrase_prompts}, {@code neighborhood_prompts}).
 */
public final class CounterFactDataset {

    private CounterFactDataset() {
    }

    public static List<CounterFactRecord> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("dataset not found: " + file);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("dataset " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException("dataset " + file + " must be a JSON array of CounterFact records");
        }
        List<CounterFactRecord> records = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            try {
                records.add(node.has("requested_rewrite") ? fromOriginal(node, i) : fromReduced(node, i));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IOException("dataset " + file + ", record " + i + ": " + e.getMessage(), e);
            }
        }
        return records;
    }

    private static CounterFactRecord fromReduced(JsonNode n, int index) {
        return new CounterFactRecord(
                n.path("case_id").asInt(index),
                required(n, "prompt"),
                required(n, "subject"),
                required(n, "ground_truth"),
                text(n, "target_new"),
                text(n, "rephrase_prompt"),
                text(n, "locality_prompt"),
                text(n, "locality_ground_truth"));
    }

    private static CounterFactRecord fromOriginal(JsonNode n, int index) {
        JsonNode rw = n.get("requested_rewrite");
        String subject = required(rw, "subject");
        String prompt = required(rw, "prompt").replace("{}", subject);
        JsonNode para = n.path("paraphrase_prompts");
        JsonNode neigh = n.path("neighborhood_prompts");
        return new CounterFactRecord(
                n.path("case_id").asInt(index),
                prompt,
                subject,
                required(rw.path("target_true"), "str"),
                rw.path("target_new").path("str").asText(null),
                para.isArray() && !para.isEmpty() ? para.get(0).asText() : null,
                neigh.isArray() && !neigh.isEmpty() ? neigh.get(0).asText() : null,
                neigh.isArray() && !neigh.isEmpty() ? rw.path("target_true").path("str").asText() : null);
    }

    private static String required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("missing text field '" + field + "'");
        }
        return v.asText();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

package org.editgov.memit.edit.requests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads edit requests from the three forms we accept, and validates every record before any
 * computation starts:
 * <ul>
 *   <li>CounterFact, reduced (MEND / EasyEdit): a JSON array of {@code {case_id, prompt (subject
 *       filled in), subject, ground_truth, target_new, rephrase_prompt, locality_prompt,
 *       locality_ground_truth}};</li>
 *   <li>CounterFact, full (ROME / MEMIT): a JSON array of {@code {case_id, requested_rewrite:
 *       {prompt with {}, subject, target_new: {str}, target_true: {str}}, paraphrase_prompts,
 *       neighborhood_prompts}};</li>
 *   <li>our JSONL: one {@code {subject, prompt, target_new, target_true?, paraphrases?,
 *       neighbours?: [{prompt, answer}]}} per line; the prompt holds {@code {}} or the subject.</li>
 * </ul>
 * CounterFact files carry fields we do not use (generation prompts, attribute prompts); they are
 * ignored. Our JSONL is strict: an unknown field is an error, so a typo cannot pass silently.
 */
public final class RequestFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> JSONL_FIELDS =
            Set.of("id", "subject", "prompt", "target_new", "target_true", "paraphrases", "neighbours");

    private RequestFile() {
    }

    /** Every request of the file, in file order; throws on the first invalid record. */
    public static List<EditRequest> read(Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidRequestException(source, "file does not exist");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidRequestException(source, "cannot be read: " + e.getMessage());
        }
        return parse(source, text);
    }

    /** Parses file content; {@code source} names it in errors. */
    public static List<EditRequest> parse(String source, String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidRequestException(source, "holds no records");
        }
        List<EditRequest> requests = trimmed.startsWith("[") ? parseArray(source, trimmed) : parseLines(source, text);
        if (requests.isEmpty()) {
            throw new InvalidRequestException(source, "holds no records");
        }
        return requests;
    }

    private static List<EditRequest> parseArray(String source, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(source, "is not valid JSON: " + e.getOriginalMessage());
        }
        List<EditRequest> requests = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            Record record = new Record(source, i + 1);
            if (!node.isObject()) {
                throw record.invalid("is not a JSON object");
            }
            requests.add(node.has("requested_rewrite") ? record.fullCounterFact(node) : record.reducedCounterFact(node));
        }
        return requests;
    }

    private static List<EditRequest> parseLines(String source, String text) {
        List<EditRequest> requests = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        int number = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            number++;
            Record record = new Record(source, number);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw record.invalid("is not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw record.invalid("is not a JSON object");
            }
            requests.add(record.jsonl(node));
        }
        return requests;
    }

    /** One record being read: knows where it is, to say so in errors. */
    private record Record(String source, int number) {

        InvalidRequestException invalid(String reason) {
            return new InvalidRequestException(source, number, reason);
        }

        EditRequest reducedCounterFact(JsonNode node) {
            String subject = requiredText(node, "subject");
            String filled = requiredText(node, "prompt");
            String template = templateOf(filled, subject);
            List<String> paraphrases = new ArrayList<>();
            String rephrase = optionalText(node, "rephrase_prompt");
            if (rephrase != null) {
                paraphrases.add(rephrase);
            }
            List<EditRequest.Neighbour> neighbours = new ArrayList<>();
            String locality = optionalText(node, "locality_prompt");
            if (locality != null) {
                neighbours.add(new EditRequest.Neighbour(locality, requiredText(node, "locality_ground_truth")));
            }
            return build(idOf(node), subject, template, requiredText(node, "target_new"),
                    requiredText(node, "ground_truth"), paraphrases, neighbours);
        }

        EditRequest fullCounterFact(JsonNode node) {
            JsonNode rewrite = node.get("requested_rewrite");
            if (!rewrite.isObject()) {
                throw invalid("'requested_rewrite' is not an object");
            }
            String subject = requiredText(rewrite, "subject");
            String prompt = requiredText(rewrite, "prompt");
            String targetNew = requiredText(requiredObject(rewrite, "target_new"), "str");
            String targetTrue = requiredText(requiredObject(rewrite, "target_true"), "str");
            List<EditRequest.Neighbour> neighbours = new ArrayList<>();
            for (String neighbour : textList(node, "neighborhood_prompts")) {
                neighbours.add(new EditRequest.Neighbour(neighbour, targetTrue));
            }
            return build(idOf(node), subject, prompt, targetNew, targetTrue, textList(node, "paraphrase_prompts"), neighbours);
        }

        EditRequest jsonl(JsonNode node) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!JSONL_FIELDS.contains(name)) {
                    throw invalid("unknown field '" + name + "' (allowed: " + String.join(", ", JSONL_FIELDS.stream().sorted().toList()) + ")");
                }
            }
            String subject = requiredText(node, "subject");
            String prompt = requiredText(node, "prompt");
            String template = prompt.contains("{}") ? prompt : templateOf(prompt, subject);
            List<EditRequest.Neighbour> neighbours = new ArrayList<>();
            JsonNode list = node.get("neighbours");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    throw invalid("'neighbours' must be an array of {prompt, answer}");
                }
                for (JsonNode neighbour : list) {
                    if (!neighbour.isObject()) {
                        throw invalid("'neighbours' must be an array of {prompt, answer}");
                    }
                    neighbours.add(new EditRequest.Neighbour(requiredText(neighbour, "prompt"), requiredText(neighbour, "answer")));
                }
            }
            String id = node.has("id") ? requiredText(node, "id") : Integer.toString(number);
            return build(id, subject, template, requiredText(node, "target_new"), optionalText(node, "target_true"),
                    textList(node, "paraphrases"), neighbours);
        }

        private EditRequest build(String id, String subject, String prompt, String targetNew, String targetTrue,
                List<String> paraphrases, List<EditRequest.Neighbour> neighbours) {
            int first = prompt.indexOf("{}");
            if (first < 0) {
                throw invalid("prompt '" + prompt + "' has no {} for the subject");
            }
            if (prompt.indexOf("{}", first + 2) >= 0) {
                throw invalid("prompt '" + prompt + "' has more than one {}");
            }
            if (prompt.substring(first + 2).isBlank() && prompt.substring(0, first).isBlank()) {
                throw invalid("prompt '" + prompt + "' is only the subject");
            }
            if (targetTrue != null && targetTrue.strip().equals(targetNew.strip())) {
                throw invalid("target_new '" + targetNew + "' equals the true target");
            }
            return new EditRequest(id, subject, prompt, targetNew, targetTrue, paraphrases, neighbours);
        }

        private String templateOf(String filled, String subject) {
            int at = filled.indexOf(subject);
            if (at < 0) {
                throw invalid("prompt '" + filled + "' does not contain the subject '" + subject + "'");
            }
            return filled.substring(0, at) + "{}" + filled.substring(at + subject.length());
        }

        private String idOf(JsonNode node) {
            JsonNode id = node.get("case_id");
            if (id == null || id.isNull()) {
                return Integer.toString(number);
            }
            if (!id.isIntegralNumber() && !id.isTextual()) {
                throw invalid("'case_id' must be a number or a string, not " + id.getNodeType().name().toLowerCase());
            }
            return id.asText();
        }

        private JsonNode requiredObject(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isObject()) {
                throw invalid("'" + field + "' must be an object with a 'str' field");
            }
            return value;
        }

        private String requiredText(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw invalid("'" + field + "' is missing");
            }
            if (!value.isTextual()) {
                throw invalid("'" + field + "' must be a string, not " + value.getNodeType().name().toLowerCase());
            }
            if (value.asText().isBlank()) {
                throw invalid("'" + field + "' is empty");
            }
            return value.asText();
        }

        private String optionalText(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : requiredText(node, field);
        }

        private List<String> textList(JsonNode node, String field) {
            JsonNode value = node.get(field);
            List<String> texts = new ArrayList<>();
            if (value == null || value.isNull()) {
                return texts;
            }
            if (!value.isArray()) {
                throw invalid("'" + field + "' must be an array of strings");
            }
            for (JsonNode item : value) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    throw invalid("'" + field + "' must be an array of non-empty strings");
                }
                texts.add(item.asText());
            }
            return texts;
        }
    }
}

package org.editgov.worker.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.editgov.memit.djl.Djl;
import org.editgov.memit.edit.EditSettings;
import org.editgov.memit.edit.Method;
import org.editgov.memit.edit.TokenPosition;
import org.editgov.memit.edit.ZSettings;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.runtime.Gpt2Config;
import org.editgov.memit.runtime.Gpt2Weights;
import org.editgov.memit.runtime.SeededGaussian;
import org.editgov.memit.world.WorldTokenizer;

/**
 * A tiny random GPT-2 written as a Hugging Face folder (with a word-level tokenizer and a trace),
 * a small CounterFact catalogue over its vocabulary and a corpus for its statistics: what the
 * worker needs to run real batches in seconds while the embedded model is not there.
 */
public final class TinyModel {

    /** A CounterFact record in its reduced form. */
    public record Fact(String subject, String prompt, String truth, String target, String rephrase, String localityPrompt,
            String localityAnswer) {
    }

    public static final List<Fact> FACTS = List.of(
            new Fact("Ada Quill", "Ada Quill was born in", "Paris", "Rome", "Ada Quill lives in", "Dov Marr was born in", "Oslo"),
            new Fact("Bram Vetter", "Bram Vetter plays the sport of", "tennis", "chess", "Bram Vetter plays",
                    "Finn Roe plays the sport of", "football"),
            new Fact("Cora Lind", "Cora Lind is a citizen of", "Spain", "Italy", "Cora Lind lives in", "Dov Marr speaks", "Norwegian"),
            new Fact("Eli Sand", "Eli Sand works as a", "painter", "doctor", "Eli Sand is a", "Gus Holt works as a", "baker"),
            new Fact("Hana Berg", "Hana Berg speaks", "German", "French", "Hana Berg writes in", "Ivo Dahl speaks", "English"),
            new Fact("Jon Pike", "Jon Pike was born in", "Madrid", "Oslo", "Jon Pike lives in", "Kai Moss was born in", "Vienna"),
            new Fact("Lea Frost", "Lea Frost plays the sport of", "football", "tennis", "Lea Frost plays", "Max Reed plays the sport of",
                    "chess"),
            new Fact("Nia Vale", "Nia Vale is a citizen of", "France", "Spain", "Nia Vale lives in", "Oren Bay is a citizen of", "Italy"));

    /** The model's edit settings: bare prompts (a random model's keys are not robust to prefixes), small lambda. */
    public static final Map<String, Object> SETTINGS = Map.of("layers", List.of(1, 2), "position", "last", "lambda", 1,
            "prefixed_templates", false, "z_steps", 25, "samples", 1000);

    public static final int LAYERS = 3;

    private TinyModel() {
    }

    /** The engine's settings the worker derives from {@link #SETTINGS}, for a direct run. */
    public static EditSettings engineSettings() {
        return EditSettings.defaults(Method.MEMIT, List.of(1, 2), TokenPosition.LAST).withLambda(1).withSeed(0).withChunk(32)
                .withPrefixedTemplates(false).withZ(ZSettings.smallModel().withSteps(25));
    }

    public static List<String> sentences() {
        List<String> sentences = new ArrayList<>();
        for (Fact fact : FACTS) {
            sentences.add(fact.prompt() + " " + fact.truth() + " .");
            sentences.add(fact.rephrase() + " " + fact.truth() + " .");
            sentences.add(fact.localityPrompt() + " " + fact.localityAnswer() + " .");
            sentences.add(fact.subject() + " likes " + fact.target() + " and " + fact.truth() + " .");
        }
        sentences.add("Therefore Because I You think about it , and the way of life .");
        return sentences;
    }

    /** Writes the model folder (config.json, model.safetensors, tokenizer.json, trace.json). */
    public static void writeModel(Path folder, long seed) throws IOException {
        Djl.ensureOffline();
        Files.createDirectories(folder);
        Path tokenizerSource = Files.createTempFile("tiny-tokenizer", ".json");
        WorldTokenizer tokenizer = WorldTokenizer.fromTexts(sentences());
        tokenizer.write(tokenizerSource);
        int vocab = tokenizer.size();
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2Config config = Gpt2Config.of(vocab, 48, 32, LAYERS, 4);
            Gpt2Weights weights = Gpt2Weights.randomInit(config, manager, seed);
            // Larger weights than GPT-2's initialisation so that tokens and layers differ visibly.
            SeededGaussian gaussian = new SeededGaussian(seed + 1);
            for (String name : Gpt2Weights.names(config)) {
                if (name.endsWith(".weight") && !name.contains("ln_")) {
                    NDArray noise = gaussian.next(manager, weights.get(name).getShape(), 0.15);
                    weights.replace(name, weights.get(name).add(noise)).close();
                }
            }
            ModelDirectory.save(folder, config, weights, tokenizerSource);
        } finally {
            Files.deleteIfExists(tokenizerSource);
        }
        Files.writeString(folder.resolve("trace.json"), "{\"mediating_position\":\"last\",\"mediating_layers\":[1,2]}\n");
    }

    /** The catalogue, in CounterFact's reduced form. */
    public static void writeCatalogue(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode records = json.createArrayNode();
        int id = 0;
        for (Fact fact : FACTS) {
            ObjectNode record = records.addObject();
            record.put("case_id", id++);
            record.put("prompt", fact.prompt());
            record.put("target_new", fact.target());
            record.put("subject", fact.subject());
            record.put("ground_truth", fact.truth());
            record.put("rephrase_prompt", fact.rephrase());
            record.put("locality_prompt", fact.localityPrompt());
            record.put("locality_ground_truth", fact.localityAnswer());
        }
        json.writeValue(file.toFile(), records);
    }

    /** The statistics corpus: the sentences a few times over, a document per line. */
    public static void writeCorpus(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.addAll(sentences());
        }
        Files.write(file, lines);
    }
}

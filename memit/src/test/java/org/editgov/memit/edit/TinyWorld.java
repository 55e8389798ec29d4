package org.editgov.memit.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.editgov.memit.djl.Djl;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.io.HuggingFaceTextTokenizer;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Gpt2Config;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Gpt2Weights;
import org.editgov.memit.runtime.SeededGaussian;
import org.editgov.memit.world.WorldTokenizer;

/**
 * A tiny random GPT-2 with a real Hugging Face word-level tokenizer over a handful of sentences:
 * fast enough for unit tests of the editing steps, which hold for any model.
 */
final class TinyWorld implements AutoCloseable {

    static final List<String> SENTENCES = List.of(
            "Ada Quill was born in Paris and speaks French .",
            "Bram Vetter plays the sport of tennis and lives in Rome .",
            "Cora Lind is a citizen of Spain and works as a painter .",
            "Dov Marr was born in Oslo . He speaks Norwegian .",
            "The capital of Italy is Rome . The capital of France is Paris .",
            "Therefore Because I You think about football , chess , English and Madrid .",
            "Eli Sand plays the sport of chess . Finn Roe plays football .");

    final NDManager manager;
    final TextTokenizer tokenizer;
    final Gpt2Config config;
    final Gpt2Model model;

    TinyWorld(Path folder, long seed) {
        Djl.ensureOffline();
        try {
            Path file = folder.resolve("tokenizer.json");
            if (!Files.exists(file)) {
                WorldTokenizer.fromTexts(SENTENCES).write(file);
            }
            tokenizer = HuggingFaceTextTokenizer.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        manager = NDManager.newBaseManager();
        config = Gpt2Config.of(tokenizer.vocabSize(), 48, 32, 3, 4);
        Gpt2Weights weights = Gpt2Weights.randomInit(config, manager, seed);
        // Larger weights than GPT-2's initialisation so that tokens and layers differ visibly.
        SeededGaussian gaussian = new SeededGaussian(seed + 1);
        for (String name : Gpt2Weights.names(config)) {
            if (name.endsWith(".weight") && !name.contains("ln_")) {
                NDArray noise = gaussian.next(manager, weights.get(name).getShape(), 0.15);
                weights.replace(name, weights.get(name).add(noise)).close();
            }
        }
        model = new Gpt2Model(config, weights);
    }

    static List<EditRequest> requests() {
        List<EditRequest> requests = new ArrayList<>();
        requests.add(new EditRequest("1", "Ada Quill", "{} was born in", "Rome", "Paris",
                List.of("Ada Quill lives in"), List.of(new EditRequest.Neighbour("Dov Marr was born in", "Oslo"))));
        requests.add(new EditRequest("2", "Bram Vetter", "{} plays the sport of", "chess", "tennis",
                List.of("Bram Vetter plays"), List.of(new EditRequest.Neighbour("Finn Roe plays the sport of", "football"))));
        requests.add(new EditRequest("3", "Cora Lind", "{} is a citizen of", "Italy", "Spain",
                List.of("Cora Lind lives in"), List.of(new EditRequest.Neighbour("Dov Marr speaks", "Norwegian"))));
        return requests;
    }

    /** The corpus of second moments: the sentences, a few times over. */
    static Corpus corpus() {
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            documents.addAll(SENTENCES);
        }
        return Corpus.of("tiny", documents);
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}

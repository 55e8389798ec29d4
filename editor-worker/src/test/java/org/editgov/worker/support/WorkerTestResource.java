package org.editgov.worker.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh world for one test run of the worker: a model under a models root (its id unique to the
 * run, so the shared Kafka topics never mix runs), an artifact store, the catalogue and a
 * corpus, and a consumer group of its own that serves only that model. Init argument
 * {@code model}: {@code tiny} (default: a tiny random GPT-2 written here) or {@code embedded}
 * (models/embedded-gpt2 with the CounterFact data it was trained on; its store is kept between
 * runs so that the covariance statistics are computed once).
 */
public class WorkerTestResource implements QuarkusTestResourceLifecycleManager {

    /** The run's model id and folders, for the tests to read. */
    public record Run(String modelId, Path modelFolder, Path artifacts, Path catalogue, Path corpus) {
    }

    private static Run current;
    private String model = "tiny";

    public static Run current() {
        return current;
    }

    /** The checkout (surefire sets editgov.root). */
    public static Path root() {
        return Path.of(System.getProperty("editgov.root", "..")).toAbsolutePath().normalize();
    }

    /** models/embedded-gpt2, or the folder named by -Deditgov.test.embedded-model (e.g. a training checkpoint). */
    public static Path embeddedModel() {
        String chosen = System.getProperty("editgov.test.embedded-model");
        return chosen != null ? Path.of(chosen) : root().resolve("models/embedded-gpt2");
    }

    /** The id of the run's model with broken files (a test writes them under the models root). */
    public static String brokenModelId(String modelId) {
        return modelId + "-broken";
    }

    @Override
    public void init(Map<String, String> initArgs) {
        model = initArgs.getOrDefault("model", "tiny");
    }

    @Override
    public Map<String, String> start() {
        String id = model + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of("target", "worker-it", id).toAbsolutePath();
        try {
            Path models = base.resolve("models");
            Files.createDirectories(models);
            Map<String, String> config = new HashMap<>();
            if (model.equals("embedded")) {
                Files.createSymbolicLink(models.resolve(id), embeddedModel());
                Path catalogue = root().resolve("../shared/data/counterfact/counterfact-edit.json").normalize();
                current = new Run(id, models.resolve(id), Path.of("target", "worker-it", "embedded-store").toAbsolutePath(),
                        catalogue, null);
            } else {
                TinyModel.writeModel(models.resolve(id), 21);
                Files.createDirectories(base.resolve("data"));
                TinyModel.writeCatalogue(base.resolve("data/counterfact.json"));
                TinyModel.writeCorpus(base.resolve("data/corpus.txt"));
                current = new Run(id, models.resolve(id), base.resolve("artifacts"), base.resolve("data/counterfact.json"),
                        base.resolve("data/corpus.txt"));
                config.put("editgov.worker.regression.size", "4");
            }
            config.put("editgov.worker.models-root", models.toString());
            config.put("editgov.worker.artifacts.root", current.artifacts().toString());
            config.put("editgov.worker.counterfact", current.catalogue().toString());
            config.put("editgov.worker.consumer.group", "editor-worker-test-" + id);
            // The run's model, and a second id for tests that need a model whose files are broken.
            config.put("editgov.worker.only-models", id + "," + brokenModelId(id));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("test world at " + base + " cannot be written", e);
        }
    }

    @Override
    public void stop() {
        current = null;
    }
}

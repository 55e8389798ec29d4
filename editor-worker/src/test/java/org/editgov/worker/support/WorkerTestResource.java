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
 * A fresh world for one test run of the worker: a tiny model under a models root (its id unique to
 * the run, so the shared Kafka topics never mix runs), an empty artifact store, the catalogue and
 * corpus, and a consumer group of its own that serves only that model.
 */
public class WorkerTestResource implements QuarkusTestResourceLifecycleManager {

    /** The run's model id and folders, for the tests to read. */
    public record Run(String modelId, Path modelFolder, Path artifacts, Path catalogue, Path corpus) {
    }

    private static Run current;

    public static Run current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        String id = "tiny-" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of("target", "worker-it", id).toAbsolutePath();
        try {
            Path models = base.resolve("models");
            TinyModel.writeModel(models.resolve(id), 21);
            Files.createDirectories(base.resolve("data"));
            TinyModel.writeCatalogue(base.resolve("data/counterfact.json"));
            TinyModel.writeCorpus(base.resolve("data/corpus.txt"));
            current = new Run(id, models.resolve(id), base.resolve("artifacts"), base.resolve("data/counterfact.json"),
                    base.resolve("data/corpus.txt"));
            Map<String, String> config = new HashMap<>();
            config.put("editgov.worker.models-root", models.toString());
            config.put("editgov.worker.artifacts.root", current.artifacts().toString());
            config.put("editgov.worker.counterfact", current.catalogue().toString());
            config.put("editgov.worker.regression.size", "4");
            config.put("editgov.worker.consumer.group", "editor-worker-test-" + id);
            config.put("editgov.worker.only-models", id);
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

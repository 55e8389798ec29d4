package org.editgov.memit.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldCorpusTest {

    @TempDir
    Path folder;

    @Test
    void theDefinitionKeyFollowsTheDatasetTheEpochAndTheWorldCard() throws Exception {
        Path model = Files.createDirectories(folder.resolve("model"));
        Path dataset = Files.writeString(folder.resolve("data.json"), "[]");
        String key = WorldCorpus.definitionKey(model, dataset, 0);

        assertThat(WorldCorpus.definitionKey(model, dataset, 0)).isEqualTo(key).hasSize(64);
        assertThat(WorldCorpus.definitionKey(model, dataset, 1)).isNotEqualTo(key);
        Files.writeString(dataset, "[ ]");
        assertThat(WorldCorpus.definitionKey(model, dataset, 0)).isNotEqualTo(key);
        String withEmbeddedSpec = WorldCorpus.definitionKey(model, dataset, 0);

        WorldSpec other = new WorldSpec(1, 10, 0, 1, 0, 0, 0);
        new WorldCard(other, TrainingConfig.embedded(), 10, 1, 1, 1, 1, 1, 1, 1).write(model);
        assertThat(WorldCorpus.definitionKey(model, dataset, 0)).isNotEqualTo(withEmbeddedSpec);
    }
}

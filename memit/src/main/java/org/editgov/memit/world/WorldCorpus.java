package org.editgov.memit.world;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The training text of a model trained here, for callers that need text in its distribution (covariance statistics). */
public final class WorldCorpus {

    private WorldCorpus() {
    }

    /**
     * The documents of one training epoch of the model in {@code modelDir}, rebuilt from its
     * {@code world.json} and the dataset it was trained on; {@link WorldSpec#embedded()} when the
     * folder has no world card.
     */
    public static List<String> trainingText(Path modelDir, Path dataset, int epoch) throws IOException {
        WorldCard card = WorldCard.read(modelDir);
        WorldSpec spec = card == null ? WorldSpec.embedded() : card.world();
        World world = World.build(CounterFactDataset.read(dataset), spec);
        return new CorpusGenerator(world).documents(epoch);
    }
}

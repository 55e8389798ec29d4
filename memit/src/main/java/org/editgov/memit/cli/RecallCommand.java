package org.editgov.memit.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.world.CounterFactRecord;
import org.editgov.memit.world.RecallReport;
import org.editgov.memit.world.World;
import org.editgov.memit.world.WorldCard;
import org.editgov.memit.world.WorldJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memit recall}: how well a model knows the CounterFact facts it was trained on. */
@Command(name = "recall", mixinStandardHelpOptions = true,
        description = "Top-1 accuracy of the first answer token on the training prompts, the held-out paraphrases, "
                + "the neighbouring facts and (for a model trained here) the biography-only subjects.")
final class RecallCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face GPT-2 folder.")
    Path model;

    @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "CounterFact JSON (reduced or original form).")
    Path dataset;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N subjects (default: all the model's world).")
    Integer limit;

    @Option(names = "--json", required = true, paramLabel = "OUT", description = "Where to write the figures as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<CounterFactRecord> records = WorldJson.dataset(dataset);
        WorldCard card = WorldCard.read(model);
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel loaded = ModelDirectory.load(model, manager)) {
            RecallReport report;
            if (card != null) {
                World world = World.build(records, card.world());
                report = RecallReport.measure(loaded.model(), loaded.tokenizer()::encode, loaded.tokenizer().padId(),
                        limit == null ? world : world.limitedTo(limit));
            } else {
                List<CounterFactRecord> chosen = limit == null ? records : records.subList(0, Math.min(limit, records.size()));
                report = RecallReport.measure(loaded.model(), loaded.tokenizer()::encode, loaded.tokenizer().padId(), chosen);
            }
            WorldJson.write(json, report);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("records %d: train prompts %.4f (%d), held-out paraphrases %.4f (%d), neighbours %.4f (%d)%n",
                    report.records(), report.trainPromptTop1(), report.trainPrompts(), report.rephraseTop1(),
                    report.rephrasePrompts(), report.localityTop1(), report.localityPrompts());
            if (report.biographyOnlyPrompts() > 0) {
                out.printf("biography-only subjects: fact %.4f (%d), attributes %.4f%n", report.biographyOnlyTop1(),
                        report.biographyOnlyPrompts(), report.biographyOnlyAttributeTop1());
            }
            out.printf("written to %s%n", json);
            return 0;
        }
    }
}

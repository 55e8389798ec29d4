package org.editgov.memit.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.world.CausalTracer;
import org.editgov.memit.world.CounterFactRecord;
import org.editgov.memit.world.SubjectProfile;
import org.editgov.memit.world.TraceHeatmap;
import org.editgov.memit.world.TraceReport;
import org.editgov.memit.world.World;
import org.editgov.memit.world.WorldCard;
import org.editgov.memit.world.WorldJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memit trace}: where a model mediates its facts, by causal tracing and activation patching. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Causal tracing (noise on the subject, restore one state at a time) and activation patching "
                + "(subject B's state at subject A's position); names the token position and layers that mediate facts.")
final class TraceCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face GPT-2 folder.")
    Path model;

    @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "CounterFact JSON (reduced or original form).")
    Path dataset;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Trace the first N facts (default ${DEFAULT-VALUE}); only facts the model gets right count.")
    int limit;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "5", description = "Noise samples per fact (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--noise", paramLabel = "X", defaultValue = "3.0",
            description = "Noise standard deviation in multiples of the token embeddings' (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Noise seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the heat map as a PNG.")
    Path plot;

    @Option(names = "--json", required = true, paramLabel = "OUT", description = "Where to write the figures as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        List<CounterFactRecord> records = WorldJson.dataset(dataset);
        WorldCard card = WorldCard.read(model);
        List<CounterFactRecord> chosen = card != null
                ? World.build(records, card.world()).limitedTo(limit).subjects().stream().map(SubjectProfile::record).toList()
                : records.subList(0, Math.min(limit, records.size()));
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel loaded = ModelDirectory.load(model, manager)) {
            CausalTracer tracer = new CausalTracer(loaded.model(), loaded.tokenizer()::encode, loaded.tokenizer().padId(),
                    samples, seed, noise);
            TraceReport report = tracer.trace(chosen);
            WorldJson.write(json, report);
            if (plot != null) {
                TraceHeatmap.write(report, plot);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("traced %d facts the model knows (of %d), %d patching pairs%n", report.recordsKnown(),
                    report.records(), report.patchPairs());
            out.printf("AIE MLP    at last subject token %s%n", format(report.aieMlpSubjectLast()));
            out.printf("AIE MLP    at last token         %s%n", format(report.aieMlpLastToken()));
            out.printf("AIE resid. at last subject token %s%n", format(report.aieResidualSubjectLast()));
            out.printf("AIE resid. at last token         %s%n", format(report.aieResidualLastToken()));
            out.printf("patch transfer at last subject   %s%n", format(report.patchTransferSubjectLast()));
            out.printf("patch transfer at last token     %s%n", format(report.patchTransferLastToken()));
            out.printf("mediating position %s, layers %s%n", report.mediatingPosition(),
                    Arrays.toString(report.mediatingLayers()));
            out.printf("written to %s%s%n", json, plot == null ? "" : " and " + plot);
            return 0;
        }
    }

    private static String format(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            text.append(String.format("%7.3f", v));
        }
        return text.toString();
    }
}

package org.editgov.memit.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.editgov.memit.edit.AlphaEditProjection;
import org.editgov.memit.edit.CovarianceStats;
import org.editgov.memit.edit.EditSettings;
import org.editgov.memit.edit.Editor;
import org.editgov.memit.edit.Method;
import org.editgov.memit.edit.TargetVectors;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.eval.CounterFactMetrics;
import org.editgov.memit.eval.CounterFactScores;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code memit sweep}: one batch edited under every combination of layer set, lambda and rounds,
 * with ES, PS and NS for each: the search for a model's MEMIT settings. z depends only on the
 * layer z is written at (the last of a set), so it is optimised once per such layer and reused by
 * every update tried there; a sweep of twelve settings costs little more than one edit.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Edit one batch under every combination of --layer-sets, --lambdas and --round-counts "
                + "(MEMIT or AlphaEdit); prints ES, PS, NS and the share of z reached for each, z optimised once per z layer.")
final class SweepCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    EditOptions options;

    @Mixin
    RequestOptions requests;

    @Option(names = "--layer-sets", paramLabel = "SET,SET", split = ",",
            description = "Layer sets, each a range A-B or one layer (e.g. 0-2,1-3,2; default: the trace's layers).")
    List<String> layerSets;

    @Option(names = "--lambdas", paramLabel = "X,X", split = ",", description = "Covariance weights (default: --lambda).")
    List<Double> lambdas;

    @Option(names = "--round-counts", paramLabel = "N,N", split = ",", description = "Update rounds (default: --rounds).")
    List<Integer> roundCounts;

    @Option(names = "--json", required = true, paramLabel = "FILE", description = "Where to write the figures.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (String single : List.of("--layers", "--lambda", "--rounds")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(single)) {
                throw new ParameterException(spec.commandLine(),
                        "sweep takes --layer-sets, --lambdas and --round-counts, not " + single);
            }
        }
        if (lambdas != null && lambdas.stream().anyMatch(l -> !(l >= 0))) {
            throw new IllegalArgumentException("--lambdas must not be negative, got " + lambdas);
        }
        if (roundCounts != null && roundCounts.stream().anyMatch(r -> r < 1 || r > 10)) {
            throw new IllegalArgumentException("--round-counts must be between 1 and 10, got " + roundCounts);
        }
        List<EditRequest> chosen = requests.read();
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel loaded = ModelDirectory.load(options.model, manager)) {
            List<List<Integer>> named = layerSets == null ? null : parseSets(layerSets, loaded.config().nLayer());
            if (named != null) {
                // The sets stand in for --layers: no trace is needed for them.
                options.layers = named.get(0);
            }
            EditSettings base = options.settings(loaded.config().nLayer());
            if (base.method() == Method.ROME) {
                throw new IllegalArgumentException("sweep is for memit and alphaedit (ROME edits one layer, one edit at a time)");
            }
            List<List<Integer>> sets = named != null ? named : List.of(base.layers());
            if (base.method() == Method.ALPHAEDIT && lambdas != null) {
                throw new IllegalArgumentException("AlphaEdit has no lambda (it uses --alpha and --null-space-threshold): drop --lambdas");
            }
            List<Double> lambdaList = lambdas == null ? List.of(base.lambda()) : lambdas;
            List<Integer> roundList = roundCounts == null ? List.of(base.rounds()) : roundCounts;
            TreeSet<Integer> every = new TreeSet<>();
            sets.forEach(every::addAll);
            CovarianceStats.Result stats = new CovarianceStats(options.statsFolder(), System.err).secondMoments(loaded.model(),
                    CovarianceStats.modelHash(loaded.weights()), loaded.tokenizer(), options.corpus(), List.copyOf(every),
                    options.samples);
            CounterFactScores before = CounterFactScores.measure(loaded.model(), loaded.tokenizer(), chosen);

            ObjectNode root = JSON.createObjectNode();
            root.put("model", options.model.toString());
            root.put("method", base.method().cliName());
            root.put("edits", chosen.size());
            root.put("position", base.position().cliName());
            root.put("seed", base.seed());
            ArrayNode zRows = root.putArray("z");
            ArrayNode rows = root.putArray("rows");
            Map<Integer, TargetVectors.Result> zByLayer = new HashMap<>();
            out.printf("%-10s %9s %6s %8s %6s %6s %6s %6s %8s%n", "layers", "lambda", "rounds", "reached", "ES", "PS", "NS",
                    "S", "update s");
            for (List<Integer> set : sets) {
                for (double lambda : lambdaList) {
                    for (int rounds : roundList) {
                        EditSettings settings = base.withLayers(set).withLambda(lambda).withRounds(rounds);
                        TargetVectors.Result given = zByLayer.get(settings.zLayer());
                        try (Editor editor = new Editor(loaded.model(), loaded.tokenizer(), stats.moments(),
                                new AlphaEditProjection(settings.nullSpaceThreshold(), settings.alphaL2()), System.err)) {
                            Editor.Outcome outcome = editor.edit(chosen, settings, given);
                            if (given == null) {
                                zByLayer.put(settings.zLayer(), outcome.targets());
                                ObjectNode z = zRows.addObject();
                                z.put("layer", settings.zLayer());
                                z.put("seconds", outcome.zSeconds());
                                z.put("mean_nll", outcome.targets().meanNll());
                            }
                            CounterFactScores after = CounterFactScores.measure(editor.model(), loaded.tokenizer(), chosen);
                            CounterFactMetrics.Aggregates metrics = CounterFactMetrics.aggregate(
                                    CounterFactMetrics.rows(chosen, before, after));
                            ObjectNode row = rows.addObject();
                            row.putPOJO("layers", set);
                            if (settings.method() == Method.MEMIT) {
                                row.put("lambda", lambda);
                            } else {
                                row.put("null_space_threshold", settings.nullSpaceThreshold());
                                row.put("alpha_l2", settings.alphaL2());
                            }
                            row.put("rounds", rounds);
                            row.put("update_target_reached", outcome.targetReached());
                            row.put("ES", metrics.es());
                            row.put("PS", metrics.ps());
                            row.put("NS", metrics.ns());
                            row.put("S", metrics.score());
                            row.put("update_seconds", outcome.updateSeconds());
                            String lambdaText = settings.method() == Method.MEMIT ? String.format(Locale.ROOT, "%.4g", lambda) : "-";
                            out.printf(Locale.ROOT, "%-10s %9s %6d %8.3f %6.1f %6.1f %6.1f %6.1f %8.1f%n", rangeText(set),
                                    lambdaText, rounds, outcome.targetReached(), metrics.es(), metrics.ps(), metrics.ns(),
                                    metrics.score(), outcome.updateSeconds());
                            out.flush();
                            JSON.writeValue(json.toFile(), root);
                        }
                    }
                }
            }
            JSON.writeValue(json.toFile(), root);
        }
        out.println("figures: " + json);
        out.flush();
        return 0;
    }

    /** "0-2" is layers 0, 1 and 2; "3" is layer 3 alone. */
    static List<List<Integer>> parseSets(List<String> texts, int modelLayers) {
        List<List<Integer>> sets = new ArrayList<>();
        for (String text : texts) {
            String[] ends = text.strip().split("-", -1);
            int from;
            int to;
            try {
                from = Integer.parseInt(ends[0].strip());
                to = ends.length == 2 ? Integer.parseInt(ends[1].strip()) : from;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("layer set '" + text + "' is not a layer or a range A-B");
            }
            if (ends.length > 2 || from > to || from < 0 || to >= modelLayers) {
                throw new IllegalArgumentException("layer set '" + text + "' is not a range within the model's layers 0.."
                        + (modelLayers - 1));
            }
            List<Integer> set = new ArrayList<>();
            for (int layer = from; layer <= to; layer++) {
                set.add(layer);
            }
            sets.add(set);
        }
        return sets;
    }

    private static String rangeText(List<Integer> set) {
        return set.size() == 1 ? set.get(0).toString() : set.get(0) + "-" + set.get(set.size() - 1);
    }
}

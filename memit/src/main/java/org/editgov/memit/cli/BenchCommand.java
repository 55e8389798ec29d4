package org.editgov.memit.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.editgov.memit.edit.AlphaEditProjection;
import org.editgov.memit.edit.CovarianceStats;
import org.editgov.memit.edit.EditSettings;
import org.editgov.memit.edit.Editor;
import org.editgov.memit.edit.Method;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.edit.requests.RequestFile;
import org.editgov.memit.eval.CounterFactMetrics;
import org.editgov.memit.eval.CounterFactScores;
import org.editgov.memit.eval.EditReport;
import org.editgov.memit.eval.EditRun;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memit bench}: edits per second, seconds per phase, peak memory and quality at several
 * batch sizes; batched against serial z at chosen sizes; optionally sequential editing curves of
 * MEMIT and AlphaEdit.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark one-batch edits at several sizes (edits/s, seconds per phase, peak RSS, ES/PS/NS), "
                + "batched vs --serial z, and sequential MEMIT vs AlphaEdit curves.")
final class BenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    EditOptions options;

    @Option(names = "--requests", paramLabel = "FILE", description = "Requests (default: the world dataset).")
    Path requests;

    @Option(names = "--sizes", paramLabel = "N,N", split = ",", defaultValue = "1,10,100,1000",
            description = "Batch sizes (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--serial-sizes", paramLabel = "N,N", split = ",", defaultValue = "100,1000",
            description = "Sizes also run with serial z, for the ratio (default ${DEFAULT-VALUE}; empty list: none).")
    List<Integer> serialSizes;

    @Option(names = "--sequential", paramLabel = "N", defaultValue = "0",
            description = "Also edit N requests sequentially in batches, with MEMIT and with AlphaEdit (0: skip).")
    int sequential;

    @Option(names = "--sequential-methods", paramLabel = "M,M", split = ",", defaultValue = "memit,alphaedit",
            description = "Methods of the sequential run (default ${DEFAULT-VALUE}).")
    List<String> sequentialMethods;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "100", description = "Batch size of the sequential run (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", required = true, paramLabel = "FILE", description = "Where to write the figures.")
    Path json;

    @Option(names = "--work", paramLabel = "DIR", description = "Folder for the deltas written on the way (default: a temporary folder).")
    Path work;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<EditRequest> all = RequestFile.read(requests != null ? requests : defaultRequests());
        Path workDir = work != null ? work : Files.createTempDirectory("memit-bench");
        PrintWriter out = spec.commandLine().getOut();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ObjectNode root = JSON.createObjectNode();
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel loaded = ModelDirectory.load(options.model, manager)) {
            EditSettings base = options.settings(loaded.config().nLayer());
            root.put("method", base.method().cliName());
            root.putPOJO("layers", base.layers());
            root.put("position", base.position().cliName());
            root.put("lambda", base.lambda());
            EditRun run = new EditRun(options.statsFolder(), options.corpus(), options.samples, options.fluencyPrompts, quiet);
            CovarianceStats.Result stats = new CovarianceStats(options.statsFolder(), System.err).secondMoments(loaded.model(),
                    CovarianceStats.modelHash(loaded.weights()), loaded.tokenizer(), options.corpus(), base.layers(), options.samples);
            root.put("stats_seconds", stats.seconds());
            ArrayNode rows = root.putArray("sizes");
            out.printf("%8s %7s %10s %8s %8s %8s %8s %10s %6s %6s %6s%n", "edits", "z", "edits/s", "z s", "update s",
                    "eval s", "total s", "peak MiB", "ES", "PS", "NS");
            for (int size : sizes) {
                if (size > all.size()) {
                    out.printf("skipping %d: only %d requests%n", size, all.size());
                    continue;
                }
                List<EditRequest> chosen = all.subList(0, size);
                ObjectNode batched = measure(run, loaded, chosen, base, stats.moments(), workDir, out, "batched");
                rows.add(batched);
                if (serialSizes != null && serialSizes.contains(size)) {
                    ObjectNode serial = measure(run, loaded, chosen, base.withSerial(true), stats.moments(), workDir, out, "serial");
                    rows.add(serial);
                    double ratio = batched.get("edits_per_second").asDouble() / serial.get("edits_per_second").asDouble();
                    ObjectNode comparison = root.withArray("batched_vs_serial").addObject();
                    comparison.put("edits", size);
                    comparison.put("speedup", ratio);
                    comparison.put("es_difference", batched.get("ES").asDouble() - serial.get("ES").asDouble());
                    out.printf(Locale.ROOT, "batched vs serial at %d edits: %.1fx the edits/s, ES %+.1f points%n", size, ratio,
                            batched.get("ES").asDouble() - serial.get("ES").asDouble());
                }
                JSON.writeValue(json.toFile(), root);
            }
            if (sequential > 0) {
                ObjectNode curves = root.putObject("sequential");
                curves.put("edits", sequential);
                curves.put("batch", batch);
                for (Method method : sequentialMethods.stream().map(Method::parse).toList()) {
                    curves.set(method.cliName(), sequentialCurve(loaded, all.subList(0, Math.min(sequential, all.size())),
                            base.withMethodOf(method), stats.moments(), out));
                    JSON.writeValue(json.toFile(), root);
                }
            }
        }
        JSON.writeValue(json.toFile(), root);
        out.println("figures: " + json);
        out.flush();
        return 0;
    }

    private ObjectNode measure(EditRun run, LoadedModel loaded, List<EditRequest> chosen, EditSettings settings,
            Map<Integer, DMatrixRMaj> moments, Path workDir, PrintWriter out, String mode) {
        EditRun.Result result = run.runWith(loaded.model(), loaded.tokenizer(), chosen, settings,
                workDir.resolve("delta-" + chosen.size() + "-" + mode + ".safetensors"), moments, 0, System.nanoTime());
        result.editor().close();
        EditReport report = result.report();
        double editSeconds = report.seconds().get("z") + report.seconds().get("update");
        ObjectNode row = JSON.createObjectNode();
        row.put("edits", chosen.size());
        // Not "z": the phase seconds below have a "z" of their own, which would overwrite it.
        row.put("z_mode", mode);
        row.put("edits_per_second", chosen.size() / editSeconds);
        report.seconds().forEach(row::put);
        row.put("peak_rss_mib", peakRssMib());
        row.put("ES", report.edited().es());
        row.put("PS", report.edited().ps());
        row.put("NS", report.edited().ns());
        row.put("GE_before", report.geBefore());
        row.put("GE_after", report.geAfter());
        row.put("delta_sha256", report.deltaSha256());
        out.printf(Locale.ROOT, "%8d %7s %10.2f %8.1f %8.1f %8.1f %8.1f %10d %6.1f %6.1f %6.1f%n", chosen.size(), mode,
                chosen.size() / editSeconds, report.seconds().get("z"), report.seconds().get("update"),
                report.seconds().get("eval"), report.seconds().get("total"), peakRssMib(), report.edited().es(),
                report.edited().ps(), report.edited().ns());
        out.flush();
        return row;
    }

    /** Edits batch after batch on one model; after each, the metrics over every edit so far. */
    private ArrayNode sequentialCurve(LoadedModel loaded, List<EditRequest> requests, EditSettings settings,
            Map<Integer, DMatrixRMaj> moments, PrintWriter out) {
        ArrayNode curve = JSON.createArrayNode();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        CounterFactScores before = CounterFactScores.measure(loaded.model(), loaded.tokenizer(), requests);
        try (Editor editor = new Editor(loaded.model(), loaded.tokenizer(), moments,
                new AlphaEditProjection(settings.nullSpaceThreshold(), settings.alphaL2()), quiet)) {
            for (int from = 0; from < requests.size(); from += batch) {
                List<EditRequest> next = requests.subList(from, Math.min(requests.size(), from + batch));
                editor.edit(next, settings);
                List<EditRequest> sofar = requests.subList(0, from + next.size());
                CounterFactScores now = CounterFactScores.measure(editor.model(), loaded.tokenizer(), sofar);
                CounterFactScores then = new CounterFactScores(before.perRequest().subList(0, sofar.size()));
                CounterFactMetrics.Aggregates aggregates = CounterFactMetrics.aggregate(CounterFactMetrics.rows(sofar, then, now));
                ObjectNode point = curve.addObject();
                point.put("edits", sofar.size());
                point.put("ES", aggregates.es());
                point.put("PS", aggregates.ps());
                point.put("NS", aggregates.ns());
                out.printf(Locale.ROOT, "sequential %s: %d edits: ES %.1f PS %.1f NS %.1f%n", settings.method().cliName(),
                        sofar.size(), aggregates.es(), aggregates.ps(), aggregates.ns());
                out.flush();
            }
        }
        return curve;
    }

    private Path defaultRequests() {
        Path data = options.dataset != null ? options.dataset
                : Path.of(System.getProperty("editgov.root", ".")).resolve("../shared/data/counterfact/counterfact-edit.json").normalize();
        if (!Files.isRegularFile(data)) {
            throw new IllegalArgumentException("no requests: give --requests (the default " + data + " does not exist)");
        }
        return data;
    }

    /** Peak resident memory of this process so far (VmHWM), in MiB; -1 where /proc is not there. */
    static long peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}

package org.editgov.memit.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.editgov.memit.edit.Corpus;
import org.editgov.memit.edit.CovarianceStats;
import org.editgov.memit.edit.HashMemo;
import org.editgov.memit.edit.MediationTrace;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.runtime.Gpt2Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memit stats}: computes (or finds cached) the second moments E[k k^T] that MEMIT's update needs. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Covariance statistics E[k k^T] of the MLP keys per layer over a corpus, cached by "
                + "(model hash, layer, corpus hash, sample count); a second run reads the cache.")
final class StatsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face GPT-2 folder.")
    Path model;

    @Option(names = "--layers", paramLabel = "L,L", split = ",",
            description = "Layers (default: the trace's mediating layers, else every layer).")
    List<Integer> layers;

    @Option(names = "--corpus", paramLabel = "FILE",
            description = "Text (a document per line) or JSONL {text} (default: the model's world training text).")
    Path corpus;

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "CounterFact file the world model was built from (default ../shared/data/counterfact/counterfact-edit.json).")
    Path dataset;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100000", description = "Corpus documents used (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--stats", paramLabel = "DIR", description = "Cache folder (default ~/.cache/editgov/memit-stats).")
    Path stats;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        }
        long start = System.nanoTime();
        Path folder = EditOptions.statsFolderOf(stats);
        Corpus text = EditOptions.corpusOf(corpus, dataset, model, folder);
        Gpt2Config config = ModelDirectory.readConfig(model);
        int count = config.nLayer();
        List<Integer> chosen = layers;
        if (chosen == null) {
            Path trace = model.resolve(MediationTrace.FILE_NAME);
            chosen = Files.isRegularFile(trace) ? MediationTrace.read(trace).layers() : IntStream.range(0, count).boxed().toList();
        }
        for (int layer : chosen) {
            if (layer < 0 || layer >= count) {
                throw new IllegalArgumentException("layer " + layer + " does not exist: the model has layers 0.." + (count - 1));
            }
        }
        CovarianceStats cache = new CovarianceStats(folder, System.err);
        PrintWriter out = spec.commandLine().getOut();
        // The weights' hash names the cache folder; it is remembered by the files' bytes, so a run
        // whose statistics are all cached never starts PyTorch.
        HashMemo memo = new HashMemo(folder);
        List<Path> files = new ArrayList<>(List.of(model.resolve("config.json")));
        files.addAll(ModelDirectory.weightFiles(model));
        String filesKey = HashMemo.filesKey(files);
        String known = memo.get("model", filesKey);
        if (known != null && chosen.stream().allMatch(l -> cache.hasCached(known, l, text, samples, config.mlpWidth()))) {
            out.printf("layers %s: %d from the cache, 0 computed; %.2f s in all%n", chosen, chosen.size(),
                    (System.nanoTime() - start) / 1e9);
            print(out, cache, known, chosen, text);
            return 0;
        }
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel loaded = ModelDirectory.load(model, manager)) {
            String hash = CovarianceStats.modelHash(loaded.weights());
            memo.put("model", filesKey, hash);
            CovarianceStats.Result result = cache.secondMoments(loaded.model(), hash, loaded.tokenizer(), text, chosen, samples);
            out.printf("layers %s: %d from the cache, %d computed over %d tokens of %s; %.2f s (%.2f s in all)%n", chosen,
                    result.cachedLayers(), chosen.size() - result.cachedLayers(), result.tokens(), text.name(),
                    result.seconds(), (System.nanoTime() - start) / 1e9);
            print(out, cache, hash, chosen, text);
        }
        return 0;
    }

    private void print(PrintWriter out, CovarianceStats cache, String hash, List<Integer> chosen, Corpus text) {
        for (int layer : chosen) {
            out.println("  " + cache.cacheFile(hash, layer, text, samples));
        }
        out.flush();
    }
}

package org.editgov.memit.eval;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editgov.memit.edit.AlphaEditProjection;
import org.editgov.memit.edit.Corpus;
import org.editgov.memit.edit.CovarianceStats;
import org.editgov.memit.edit.DeltaFile;
import org.editgov.memit.edit.EditSettings;
import org.editgov.memit.edit.Editor;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Gpt2Model;
import org.ejml.data.DMatrixRMaj;

/**
 * One edit run from start to report: second moments (cached), the unedited model's scores and
 * fluency, the edit, the delta file, the edited model's scores and fluency. The edit commands
 * and the benchmark share it.
 *
 * @param statsFolder where covariance statistics are cached
 * @param corpus text the statistics are gathered over
 * @param samples documents of the corpus used
 * @param fluencyPrompts how many requests' prompts are continued to measure GE (0: skip)
 */
public record EditRun(Path statsFolder, Corpus corpus, int samples, int fluencyPrompts, PrintStream log) {

    /** The report, and the editor holding the edited model (the caller closes it). */
    public record Result(EditReport report, Editor editor, Editor.Outcome outcome) {
    }

    public Result run(Gpt2Model model, TextTokenizer tokenizer, List<EditRequest> requests, EditSettings settings,
            Path deltaFile) {
        long start = System.nanoTime();
        String modelHash = CovarianceStats.modelHash(model.weights());
        CovarianceStats.Result stats = new CovarianceStats(statsFolder, log).secondMoments(model, modelHash, tokenizer,
                corpus, settings.layers(), samples);
        log.printf("stats: %d of %d layers from the cache, %.1f s%n", stats.cachedLayers(), settings.layers().size(),
                stats.seconds());
        return runWith(model, tokenizer, requests, settings, deltaFile, stats.moments(), stats.seconds(), start);
    }

    /** As {@link #run}, with second moments already at hand. */
    public Result runWith(Gpt2Model model, TextTokenizer tokenizer, List<EditRequest> requests, EditSettings settings,
            Path deltaFile, Map<Integer, DMatrixRMaj> moments, double statsSeconds, long startNanos) {
        long evalStart = System.nanoTime();
        CounterFactScores before = CounterFactScores.measure(model, tokenizer, requests);
        List<String> fluency = requests.stream().limit(fluencyPrompts).map(EditRequest::filledPrompt).toList();
        double geBefore = fluency.isEmpty() ? Double.NaN : GenerationEntropy.measure(model, tokenizer, fluency, settings.seed());
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;

        Editor editor = new Editor(model, tokenizer, moments,
                new AlphaEditProjection(settings.nullSpaceThreshold(), settings.alphaL2()), log);
        Editor.Outcome outcome = editor.edit(requests, settings);
        String sha = DeltaFile.write(deltaFile, outcome.deltas(), deltaMetadata(settings, requests.size()));

        long afterStart = System.nanoTime();
        CounterFactScores after = CounterFactScores.measure(editor.model(), tokenizer, requests);
        double geAfter = fluency.isEmpty() ? Double.NaN
                : GenerationEntropy.measure(editor.model(), tokenizer, fluency, settings.seed());
        evalSeconds += (System.nanoTime() - afterStart) / 1e9;

        List<EditRow> rows = CounterFactMetrics.rows(requests, before, after);
        List<EditRow> uneditedRows = CounterFactMetrics.rows(requests, before, before);
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("stats", statsSeconds);
        seconds.put("z", outcome.zSeconds());
        seconds.put("update", outcome.updateSeconds());
        seconds.put("eval", evalSeconds);
        seconds.put("total", (System.nanoTime() - startNanos) / 1e9);
        EditReport report = new EditReport(settings.method().cliName(), requests.size(), settings.layers(),
                settings.position().cliName(), settings.seed(), sha, settingsOf(settings, outcome), seconds,
                CounterFactMetrics.aggregate(uneditedRows), CounterFactMetrics.aggregate(rows), geBefore, geAfter, rows,
                uneditedRows);
        return new Result(report, editor, outcome);
    }

    static Map<String, String> deltaMetadata(EditSettings settings, int edits) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("method", settings.method().cliName());
        metadata.put("edits", Integer.toString(edits));
        metadata.put("layers", settings.layers().toString());
        metadata.put("position", settings.position().cliName());
        metadata.put("seed", Long.toString(settings.seed()));
        metadata.put("lambda", Double.toString(settings.lambda()));
        if (settings.rounds() != 1) {
            metadata.put("rounds", Integer.toString(settings.rounds()));
        }
        return metadata;
    }

    static Map<String, Object> settingsOf(EditSettings settings, Editor.Outcome outcome) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("lambda", settings.lambda());
        map.put("z_steps", settings.z().steps());
        map.put("z_lr", settings.z().learningRate());
        map.put("z_clamp_norm_factor", settings.z().clampNormFactor());
        map.put("z_weight_decay", settings.z().weightDecay());
        map.put("z_decay_form", settings.z().decayForm().name().toLowerCase());
        map.put("kl_factor", settings.z().klFactor());
        map.put("kl_prompt", settings.z().klPrompt());
        map.put("key_averaging", settings.keyAveraging().name().toLowerCase());
        map.put("prefixed_templates", settings.prefixedTemplates());
        map.put("rounds", settings.rounds());
        map.put("serial", settings.serial());
        map.put("z_chunk", settings.zChunk());
        double meanNll = outcome.targets().meanNll();
        map.put("z_mean_final_nll", Double.isFinite(meanNll) ? Math.round(meanNll * 1e4) / 1e4 : null);
        double reached = outcome.targetReached();
        map.put("update_target_reached", Double.isFinite(reached) ? Math.round(reached * 1e4) / 1e4 : null);
        map.put("context_templates", outcome.templates().flat());
        if (settings.method() == org.editgov.memit.edit.Method.ALPHAEDIT) {
            map.put("null_space_threshold", settings.nullSpaceThreshold());
            map.put("alpha_l2", settings.alphaL2());
        }
        if (settings.method() == org.editgov.memit.edit.Method.ROME) {
            map.put("rome_bare_key", settings.romeBareKey());
        }
        return map;
    }
}

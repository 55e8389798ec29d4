package org.editgov.worker.batches;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.editgov.contracts.ArtifactRef;
import org.editgov.contracts.BatchCompleted;
import org.editgov.contracts.BatchEdit;
import org.editgov.contracts.BatchFailed;
import org.editgov.contracts.BatchRequested;
import org.editgov.contracts.DeltaRef;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.ModelVersionCommitted;
import org.editgov.memit.edit.Corpus;
import org.editgov.memit.edit.CovarianceStats;
import org.editgov.memit.edit.EditSettings;
import org.editgov.memit.edit.Editor;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.eval.EditRun;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.world.WorldCorpus;
import org.editgov.worker.EventCodecProducer;
import org.editgov.worker.artifacts.ArtifactStore;
import org.editgov.worker.artifacts.VersionIndex;
import org.editgov.worker.batches.BatchProgress.Phase;
import org.editgov.worker.models.ModelCache;
import org.editgov.worker.models.ModelRegistry;
import org.ejml.data.DMatrixRMaj;
import org.jboss.logging.Logger;

/**
 * Runs one batch: the model's current version, the engine's edit with the model's settings, the
 * evaluation of the batch's own edits and of the model's regression set before and after, the
 * gates; then either version v+1 and its delta stored, or the batch failed with its report. Returns
 * the events to publish; the caller publishes them before acknowledging the request.
 */
@ApplicationScoped
public class BatchExecutor {

    private static final Logger LOG = Logger.getLogger(BatchExecutor.class);

    @Inject
    ArtifactStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelCache cache;

    @Inject
    BatchProgress progress;

    @Inject
    Outcomes outcomes;

    /** CounterFact file the world models were built from: world training text, evaluation prompts, regression set. */
    @ConfigProperty(name = "editgov.worker.counterfact", defaultValue = "../shared/data/counterfact/counterfact-edit.json")
    Path counterfact;

    /** Records in each model's regression set (its own fact plus its neighbourhood facts each). */
    @ConfigProperty(name = "editgov.worker.regression.size", defaultValue = "20")
    int regressionSize;

    /** The regression set is drawn from the catalogue's first records: the embedded world holds the first 1,000 subjects. */
    @ConfigProperty(name = "editgov.worker.regression.pool", defaultValue = "1000")
    int regressionPool;

    /** Seed of the regression set's choice: fixed, so every batch of a model is held to the same facts. */
    @ConfigProperty(name = "editgov.worker.regression.seed", defaultValue = "0")
    long regressionSeed;

    private volatile FactCatalogue catalogue;
    private final Map<String, Corpus> worldCorpora = new ConcurrentHashMap<>();

    /**
     * The events answering the batch. Any failure, including an {@link Error} or a recorded outcome
     * that cannot be read, ends as {@code batch.failed} (ERROR) rather than leaving the caller.
     */
    public List<EventEnvelope<?>> execute(EventEnvelope<BatchRequested> event) {
        BatchRequested batch = event.payload();
        String key = "batch-" + batch.batchId();
        try {
            Optional<List<EventEnvelope<?>>> recorded = outcomes.recorded(batch.modelId(), key);
            if (recorded.isPresent()) {
                registry.find(batch.modelId()).ifPresent(index -> outcomes.commitAnnounced(index, recorded.get(), event.eventId()));
                LOG.infof("batch %s of model %s: already done, re-emitting its %d recorded events", batch.batchId(),
                        batch.modelId(), recorded.get().size());
                return recorded.get();
            }
            progress.enter(batch.batchId(), batch.modelId(), Phase.LOADING);
            return run(event, key);
        } catch (Throwable e) {
            LOG.errorf(e, "batch %s of model %s failed", batch.batchId(), batch.modelId());
            return List.of(failed(batch, e));
        }
    }

    /** batch.failed (ERROR, the cause in one line) for a batch that could not be run; its progress says FAILED. */
    public EventEnvelope<BatchFailed> failed(BatchRequested batch, Throwable cause) {
        progress.enter(batch.batchId(), batch.modelId(), Phase.FAILED);
        return EventEnvelope.create(EventCodecProducer.WORKER, new BatchFailed(batch.batchId(), batch.modelId(),
                batch.baseVersion(), BatchFailed.Kind.ERROR, oneLine(cause), null));
    }

    private List<EventEnvelope<?>> run(EventEnvelope<BatchRequested> event, String key) {
        BatchRequested batch = event.payload();
        BatchSettings settings = BatchSettings.of(batch.method(), batch.settings());
        VersionIndex index = registry.index(batch.modelId(), settings.artifactLocation());
        VersionIndex.Version base = index.currentVersion();
        if (base.version() != batch.baseVersion()) {
            LOG.warnf("batch %s of model %s was cut for version %d; the current version is %d and is the one edited",
                    batch.batchId(), batch.modelId(), batch.baseVersion(), base.version());
        }
        Path folder = registry.folderOf(base);
        return cache.use(batch.modelId(), base.artifactSha256(), folder,
                loaded -> edit(event, key, settings, index, base, loaded));
    }

    private List<EventEnvelope<?>> edit(EventEnvelope<BatchRequested> event, String key, BatchSettings settings,
            VersionIndex index, VersionIndex.Version base, LoadedModel loaded) {
        long start = System.nanoTime();
        BatchRequested batch = event.payload();
        PrintStream log = EngineLog.forBatch(batch.batchId(), batch.modelId());
        Path originalFolder = registry.folderOf(index.version(0).orElseThrow());
        EditSettings editSettings = settings.editSettings(loaded.directory(), loaded.config().nLayer());
        Corpus corpus = corpus(settings, originalFolder);

        progress.enter(batch.batchId(), batch.modelId(), Phase.STATISTICS);
        Statistics statistics = secondMoments(index, base, loaded, corpus, editSettings, settings.samples(), log);
        index = statistics.index();

        progress.enter(batch.batchId(), batch.modelId(), Phase.EVALUATING_BEFORE);
        FactCatalogue facts = catalogue();
        List<EditRequest> requests = batch.edits().stream().map(facts::requestFor).toList();
        List<EditRequest> regressionSet = facts.regressionSet(regressionSize, regressionPool, regressionSeed, requests);
        RegressionCheck regressionBefore = RegressionCheck.measure(loaded.model(), loaded.tokenizer(), regressionSet,
                editSettings.seed());

        progress.enter(batch.batchId(), batch.modelId(), Phase.EDITING);
        Path work = store.newWorkFolder();
        try {
            Path deltaPath = work.resolve("delta.safetensors");
            EditRun.Result result = new EditRun(store.statsFolder(), corpus, settings.samples(), 0, log)
                    .runWith(loaded.model(), loaded.tokenizer(), requests, editSettings, deltaPath,
                            statistics.moments(), statistics.seconds(), start);
            try (Editor editor = result.editor()) {
                progress.enter(batch.batchId(), batch.modelId(), Phase.EVALUATING_AFTER);
                RegressionCheck regressionAfter = RegressionCheck.measure(editor.model(), loaded.tokenizer(), regressionSet,
                        editSettings.seed());
                RegressionCheck.Comparison regression = regressionAfter.comparedWith(regressionBefore);
                GateVerdict verdict = GateVerdict.evaluate(batch.gates(), result.report().edited(), regression);
                ObjectNode report = report(batch, base, result, regression, verdict, start);
                List<EventEnvelope<?>> events;
                if (!verdict.passed()) {
                    events = List.of(EventEnvelope.create(EventCodecProducer.WORKER, new BatchFailed(batch.batchId(),
                            batch.modelId(), base.version(), BatchFailed.Kind.GATES_NOT_MET, verdict.reason(), report)));
                    outcomes.record(batch.modelId(), key, events);
                    progress.enter(batch.batchId(), batch.modelId(), Phase.FAILED);
                    LOG.infof("batch %s of model %s: %s; the model stays at version %d", batch.batchId(), batch.modelId(),
                            verdict.reason(), base.version());
                    return events;
                }
                progress.enter(batch.batchId(), batch.modelId(), Phase.STORING);
                Path edited = work.resolve("model");
                ModelDirectory.save(edited, loaded.config(), editor.model().weights(),
                        loaded.directory().resolve("tokenizer.json"));
                copyCompanions(loaded.directory(), edited);
                ArtifactRef artifact = store.putModel(edited);
                DeltaRef delta = store.putDelta(deltaPath);
                int newVersion = index.latest() + 1;
                List<String> applied = batch.edits().stream().map(BatchEdit::editId).toList();
                events = List.of(
                        EventEnvelope.create(EventCodecProducer.WORKER, new ModelVersionCommitted(batch.modelId(), newVersion,
                                base.version(), artifact, delta, batch.batchId(), null)),
                        EventEnvelope.create(EventCodecProducer.WORKER, new BatchCompleted(batch.batchId(), batch.modelId(),
                                base.version(), newVersion, artifact, delta, report, applied)));
                outcomes.record(batch.modelId(), key, events);
                outcomes.commitAnnounced(index, events, event.eventId());
                progress.enter(batch.batchId(), batch.modelId(), Phase.COMMITTED);
                LOG.infof("batch %s of model %s: version %d committed (artifact %s, delta %s, %d edits, %.1f s)",
                        batch.batchId(), batch.modelId(), newVersion, artifact.sha256(), delta.sha256(), requests.size(),
                        (System.nanoTime() - start) / 1e9);
                return events;
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private record Statistics(VersionIndex index, Map<Integer, DMatrixRMaj> moments, double seconds) {
    }

    /**
     * C_l of every edited layer, always from version 0 (as the reference uses the pretrained
     * model's statistics for every edit), cached in the store under the engine's hash of version
     * 0's weights, so {@code bin/memit edit --stats <store>/stats} on the original folder shares them.
     */
    private Statistics secondMoments(VersionIndex index, VersionIndex.Version base, LoadedModel loaded, Corpus corpus,
            EditSettings editSettings, int samples, PrintStream log) {
        CovarianceStats stats = new CovarianceStats(store.statsFolder(), log);
        if (base.version() == 0 || base.artifactSha256().equals(index.version(0).orElseThrow().artifactSha256())) {
            VersionIndex updated = index;
            if (index.baseWeightsSha256() == null) {
                updated = index.withBaseWeightsSha256(CovarianceStats.modelHash(loaded.weights()));
                registry.write(updated);
            }
            CovarianceStats.Result result = stats.secondMoments(loaded.model(), updated.baseWeightsSha256(), loaded.tokenizer(),
                    corpus, editSettings.layers(), samples);
            return new Statistics(updated, result.moments(), result.seconds());
        }
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel original = ModelDirectory.load(registry.folderOf(index.version(0).orElseThrow()), manager)) {
            VersionIndex updated = index;
            if (index.baseWeightsSha256() == null) {
                updated = index.withBaseWeightsSha256(CovarianceStats.modelHash(original.weights()));
                registry.write(updated);
            }
            CovarianceStats.Result result = stats.secondMoments(original.model(), updated.baseWeightsSha256(),
                    original.tokenizer(), corpus, editSettings.layers(), samples);
            return new Statistics(updated, result.moments(), result.seconds());
        }
    }

    /** The settings' corpus file, else the world training text of the model's original folder (built once). */
    private Corpus corpus(BatchSettings settings, Path originalFolder) {
        if (settings.corpus().isPresent()) {
            return Corpus.ofFile(settings.corpus().get());
        }
        return worldCorpora.computeIfAbsent(originalFolder.toString(), folder -> {
            if (!Files.isRegularFile(counterfact)) {
                throw new IllegalArgumentException("the world dataset " + counterfact.toAbsolutePath()
                        + " does not exist: set editgov.worker.counterfact or the corpus setting");
            }
            try {
                return Corpus.of("world training text of " + folder, WorldCorpus.trainingText(originalFolder, counterfact, 0));
            } catch (IOException e) {
                throw new UncheckedIOException("world training text of " + folder + ": " + e.getMessage(), e);
            }
        });
    }

    private FactCatalogue catalogue() {
        FactCatalogue loaded = catalogue;
        if (loaded == null) {
            loaded = FactCatalogue.read(counterfact);
            catalogue = loaded;
            LOG.infof("fact catalogue: %d CounterFact records from %s", loaded.size(), counterfact.toAbsolutePath());
        }
        return loaded;
    }

    private ObjectNode report(BatchRequested batch, VersionIndex.Version base, EditRun.Result result,
            RegressionCheck.Comparison regression, GateVerdict verdict, long start) {
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        report.put("batch_id", batch.batchId());
        report.put("model_id", batch.modelId());
        report.put("base_version", base.version());
        report.put("base_artifact_sha256", base.artifactSha256());
        report.put("passed", verdict.passed());
        report.set("gates", verdict.toJson());
        report.set("edits", result.report().toJson());
        report.set("regression", regression.toJson());
        ArrayNode ids = report.putArray("edit_ids");
        batch.edits().forEach(edit -> ids.add(edit.editId()));
        Reports.putNumber(report, "worker_seconds", (System.nanoTime() - start) / 1e9);
        return report;
    }

    /** Files of the base folder that describe the model rather than its weights (trace.json, world.json, ...). */
    private static void copyCompanions(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(file.getFileName().toString());
                String name = file.getFileName().toString();
                if (!Files.exists(target) && !name.endsWith(".safetensors") && !name.endsWith(".index.json")) {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("model files of " + from + " cannot be copied: " + e.getMessage(), e);
        }
    }

    /** A failure as a single line for events and users; the stack trace stays in the log. */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof Error) {
            // "Java heap space" alone would not say what happened.
            message = e.getClass().getSimpleName() + ": " + message;
        }
        message = message.replaceAll("\\s+", " ").strip();
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    private static void deleteRecursively(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warnf("work folder %s could not be removed: %s", path, e.getMessage());
        }
    }
}

package org.editgov.worker.batches;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.editgov.memit.edit.EditSettings;
import org.editgov.memit.edit.MediationTrace;
import org.editgov.memit.edit.Method;
import org.editgov.memit.edit.TokenPosition;
import org.editgov.memit.edit.ZSettings;

/**
 * A model's edit settings as they travel in {@code batch.requested} (the operator's JSON object),
 * read into the engine's {@link EditSettings} with the same defaults as {@code bin/memit edit}.
 * Keys (all optional):
 * <ul>
 * <li>{@code layers} [int]: MLPs rewritten (default: the model's trace.json mediating layers)</li>
 * <li>{@code position}: subject-last, last or auto (default auto: the trace's)</li>
 * <li>{@code lambda}, {@code seed}, {@code z_steps}, {@code clamp}, {@code kl_factor}, {@code chunk}: as the CLI's options</li>
 * <li>{@code rounds}: update rounds, each for what z still misses (default 1, the reference)</li>
 * <li>{@code prefixed_templates}: learn each edit after the sampled context prefixes too (default true, the reference)</li>
 * <li>{@code samples}: corpus documents for covariance statistics (default 100000)</li>
 * <li>{@code corpus}: text file for the statistics (default: the model's world training text)</li>
 * <li>{@code artifact_location}: the folder of version 0 (default: the worker's models root / model id)</li>
 * </ul>
 * An unknown key is refused, so that a misspelt setting never silently falls back to a default.
 */
public record BatchSettings(Method method, Map<String, Object> raw) {

    private static final Set<String> KEYS = Set.of("layers", "position", "lambda", "seed", "z_steps", "clamp", "kl_factor",
            "chunk", "rounds", "prefixed_templates", "samples", "corpus", "artifact_location");

    public BatchSettings {
        raw = Map.copyOf(raw);
        for (String key : raw.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown edit setting '" + key + "' (known: " + String.join(", ",
                        KEYS.stream().sorted().toList()) + ")");
            }
        }
    }

    public static BatchSettings of(String method, Map<String, Object> settings) {
        return new BatchSettings(Method.parse(method), settings == null ? Map.of() : settings);
    }

    public Optional<Path> artifactLocation() {
        return Optional.ofNullable((String) text("artifact_location")).map(Path::of);
    }

    public Optional<Path> corpus() {
        return Optional.ofNullable(text("corpus")).map(Path::of);
    }

    public int samples() {
        return (int) number("samples", 100_000);
    }

    /** The engine's settings for a model folder (whose trace.json supplies auto position and default layers). */
    public EditSettings editSettings(Path modelFolder, int modelLayers) {
        TokenPosition position = TokenPosition.parse(Optional.ofNullable(text("position")).orElse("auto"));
        List<Integer> layers = layers();
        if (position == TokenPosition.AUTO || layers == null) {
            Path traceFile = modelFolder.resolve(MediationTrace.FILE_NAME);
            if (!Files.isRegularFile(traceFile)) {
                throw new IllegalArgumentException("the model has no trace.json: give the settings position and layers");
            }
            MediationTrace trace = MediationTrace.read(traceFile);
            position = position == TokenPosition.AUTO ? trace.position() : position;
            layers = layers != null ? layers : method == Method.ROME ? List.of(trace.layers().get(0)) : trace.layers();
        }
        for (int layer : layers) {
            if (layer < 0 || layer >= modelLayers) {
                throw new IllegalArgumentException("layer " + layer + " does not exist: the model has layers 0.." + (modelLayers - 1));
            }
        }
        EditSettings settings = EditSettings.defaults(method, layers.stream().sorted().toList(), position)
                .withLambda(number("lambda", 1000)).withSeed((long) number("seed", 0)).withChunk(whole("chunk", 32))
                .withRounds(whole("rounds", 1));
        ZSettings z = settings.z();
        if (raw.containsKey("z_steps")) {
            z = z.withSteps((int) number("z_steps", 0));
        }
        if (raw.containsKey("clamp")) {
            z = z.withClamp(number("clamp", 0));
        }
        if (raw.containsKey("kl_factor")) {
            z = z.withKlFactor(number("kl_factor", 0));
        }
        Object prefixed = raw.getOrDefault("prefixed_templates", Boolean.TRUE);
        if (!(prefixed instanceof Boolean flag)) {
            throw new IllegalArgumentException("edit setting 'prefixed_templates' must be true or false, got " + prefixed);
        }
        return settings.withZ(z).withPrefixedTemplates(flag);
    }

    private List<Integer> layers() {
        Object value = raw.get("layers");
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("edit setting 'layers' must be a non-empty list of layer numbers");
        }
        List<Integer> layers = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
                throw new IllegalArgumentException("edit setting 'layers' must hold whole numbers, got " + element);
            }
            layers.add(number.intValue());
        }
        return layers;
    }

    private double number(String key, double fallback) {
        Object value = raw.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new IllegalArgumentException("edit setting '" + key + "' must be a number, got " + value);
    }

    private int whole(String key, int fallback) {
        double value = number(key, fallback);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("edit setting '" + key + "' must be a whole number, got " + raw.get(key));
        }
        return (int) value;
    }

    private String text(String key) {
        Object value = raw.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException("edit setting '" + key + "' must be a string, got " + value);
    }
}

package org.editgov.memit.edit;

import java.util.List;

/**
 * Everything that decides an edit besides the model and the requests. Every quirk of the
 * reference is the default and has a name here.
 *
 * @param method MEMIT, ROME or AlphaEdit
 * @param layers the MLPs rewritten (MEMIT, AlphaEdit: all of them, z at the last; ROME: the first alone)
 * @param position the token of z and of the keys; never {@link TokenPosition#AUTO} here (resolve it first)
 * @param lambda MEMIT's mom2_update_weight: how strongly C = E[k k^T] protects what the layer already does
 * @param z target-vector optimisation
 * @param keyAveraging how keys are averaged over context templates
 * @param seed seeds the context-template samples (the only random draw of an edit)
 * @param serial optimise z one edit at a time, as the reference does (for comparison; batched is default)
 * @param chunk edits whose z are optimised together in one forward/backward (bounds memory)
 * @param nullSpaceThreshold AlphaEdit: eigenvalues of C below this span the preserved keys' null space
 * @param alphaL2 AlphaEdit: the ridge term added before the solve
 * @param romeBareKey ROME: the reference divides by the bare-prompt key while u uses the averaged
 *     one (r-ROME traced ROME's collapse to this mix); false uses the averaged key for both
 * @param prefixedTemplates learn each edit also after the five sampled prefixes (the reference);
 *     false: the bare prompt only
 * @param rounds MEMIT and AlphaEdit: how many times the layer-by-layer update is solved, each
 *     round on the model the previous one left and aiming at what z still misses there (1: the reference)
 */
public record EditSettings(Method method, List<Integer> layers, TokenPosition position, double lambda, ZSettings z,
        KeyAveraging keyAveraging, long seed, boolean serial, int chunk, double nullSpaceThreshold, double alphaL2,
        boolean romeBareKey, boolean prefixedTemplates, int rounds) {

    public EditSettings {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("at least one layer must be edited");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i) <= layers.get(i - 1)) {
                throw new IllegalArgumentException("layers must be increasing, got " + layers);
            }
        }
        if (position == TokenPosition.AUTO) {
            throw new IllegalArgumentException("token position auto must be resolved from a trace before editing");
        }
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("lambda must not be negative, got " + lambda);
        }
        if (rounds < 1 || rounds > 10) {
            throw new IllegalArgumentException("rounds must be between 1 and 10, got " + rounds);
        }
        if (method == Method.ROME && rounds != 1) {
            throw new IllegalArgumentException("rounds are for memit and alphaedit: ROME writes each edit once");
        }
        if (!(nullSpaceThreshold > 0) || !(alphaL2 >= 0)) {
            throw new IllegalArgumentException("AlphaEdit's null-space threshold must be positive and alpha not negative, got "
                    + nullSpaceThreshold + " and " + alphaL2);
        }
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1, got " + chunk);
        }
    }

    /**
     * Defaults for the small models trained here (knowledge-editing.md section 5): layers given,
     * lambda 1e3, z with 40 steps and clamp 2.0; every reference quirk on.
     */
    public static EditSettings defaults(Method method, List<Integer> layers, TokenPosition position) {
        ZSettings z = method == Method.ROME ? ZSettings.romeReference().withSteps(40) : ZSettings.smallModel();
        KeyAveraging averaging = method == Method.ROME ? KeyAveraging.FLAT : KeyAveraging.TEMPLATE_GROUPS;
        return new EditSettings(method, layers, position, 1e3, z, averaging, 0, false, 32, 2e-2, 10, true, true, 1);
    }

    /** The layer whose output z is written at: the last edited one (MEMIT), the only one (ROME). */
    public int zLayer() {
        return method == Method.ROME ? layers.get(0) : layers.get(layers.size() - 1);
    }

    /** Edits optimised together: 1 when serial. */
    public int zChunk() {
        return serial ? 1 : chunk;
    }

    public EditSettings withLambda(double value) {
        return new EditSettings(method, layers, position, value, z, keyAveraging, seed, serial, chunk, nullSpaceThreshold,
                alphaL2, romeBareKey, prefixedTemplates, rounds);
    }

    public EditSettings withZ(ZSettings value) {
        return new EditSettings(method, layers, position, lambda, value, keyAveraging, seed, serial, chunk,
                nullSpaceThreshold, alphaL2, romeBareKey, prefixedTemplates, rounds);
    }

    public EditSettings withSeed(long value) {
        return new EditSettings(method, layers, position, lambda, z, keyAveraging, value, serial, chunk, nullSpaceThreshold,
                alphaL2, romeBareKey, prefixedTemplates, rounds);
    }

    public EditSettings withSerial(boolean value) {
        return new EditSettings(method, layers, position, lambda, z, keyAveraging, seed, value, chunk, nullSpaceThreshold,
                alphaL2, romeBareKey, prefixedTemplates, rounds);
    }

    public EditSettings withKeyAveraging(KeyAveraging value) {
        return new EditSettings(method, layers, position, lambda, z, value, seed, serial, chunk, nullSpaceThreshold,
                alphaL2, romeBareKey, prefixedTemplates, rounds);
    }

    public EditSettings withChunk(int value) {
        return new EditSettings(method, layers, position, lambda, z, keyAveraging, seed, serial, value, nullSpaceThreshold,
                alphaL2, romeBareKey, prefixedTemplates, rounds);
    }

    public EditSettings withRomeBareKey(boolean value) {
        return new EditSettings(method, layers, position, lambda, z, keyAveraging, seed, serial, chunk, nullSpaceThreshold,
                alphaL2, value, prefixedTemplates, rounds);
    }

    /** The same settings for another method (keeps lambda, z, position and layers). */
    public EditSettings withMethodOf(Method value) {
        return new EditSettings(value, layers, position, lambda, z, keyAveraging, seed, serial, chunk, nullSpaceThreshold,
                alphaL2, romeBareKey, prefixedTemplates, rounds);
    }

    public EditSettings withPrefixedTemplates(boolean value) {
        return new EditSettings(method, layers, position, lambda, z, keyAveraging, seed, serial, chunk, nullSpaceThreshold,
                alphaL2, romeBareKey, value, rounds);
    }

    public EditSettings withRounds(int value) {
        return new EditSettings(method, layers, position, lambda, z, keyAveraging, seed, serial, chunk, nullSpaceThreshold,
                alphaL2, romeBareKey, prefixedTemplates, value);
    }

    public EditSettings withLayers(List<Integer> value) {
        return new EditSettings(method, value, position, lambda, z, keyAveraging, seed, serial, chunk, nullSpaceThreshold,
                alphaL2, romeBareKey, prefixedTemplates, rounds);
    }

    public EditSettings withNullSpaceThreshold(double value) {
        return new EditSettings(method, layers, position, lambda, z, keyAveraging, seed, serial, chunk, value, alphaL2,
                romeBareKey, prefixedTemplates, rounds);
    }

    public EditSettings withAlphaL2(double value) {
        return new EditSettings(method, layers, position, lambda, z, keyAveraging, seed, serial, chunk, nullSpaceThreshold,
                value, romeBareKey, prefixedTemplates, rounds);
    }
}

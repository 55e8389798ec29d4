package org.editgov.contracts;

/**
 * A model's evaluation gates: a batch is promoted only if, after the edit, every success rate is at
 * least its minimum (fractions in [0, 1]) and fluency (generation entropy) fell by at most
 * {@code maxFluencyDrop}.
 *
 * @param minEfficacySuccess     ES: rewrite prompts now prefer the new target
 * @param minParaphraseSuccess   PS: paraphrased prompts prefer the new target
 * @param minNeighborhoodSuccess NS: neighbouring subjects keep their true object
 */
public record Gates(double minEfficacySuccess, double minParaphraseSuccess, double minNeighborhoodSuccess,
                    double maxFluencyDrop) {
}

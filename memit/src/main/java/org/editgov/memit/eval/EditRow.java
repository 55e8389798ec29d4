package org.editgov.memit.eval;

/**
 * The CounterFact figures of one edit, each in 0..1 (magnitudes in -1..1); NaN where the request
 * lacks what a figure needs (no true object, no paraphrase, no neighbour).
 *
 * @param id the request's id
 * @param efficacy ES: 1 when the new object is more likely than the true one after the request prompt
 * @param efficacyMagnitude EM: p(new) - p(true) there, p = exp(-mean token NLL)
 * @param paraphrase PS: the same test, averaged over the paraphrases
 * @param paraphraseMagnitude PM
 * @param neighbourhood NS: share of neighbour prompts whose own answer stays more likely than the new object
 * @param neighbourhoodMagnitude NM: p(answer) - p(new) there
 * @param reliability EasyEdit: share of the new object's tokens predicted exactly after the request prompt
 * @param generalisation EasyEdit: the same after the paraphrases
 * @param locality EasyEdit: share of neighbour-answer tokens whose prediction is what it was before the edit
 * @param newObjectNll mean token NLL of the new object after the request prompt
 */
public record EditRow(String id, double efficacy, double efficacyMagnitude, double paraphrase, double paraphraseMagnitude,
        double neighbourhood, double neighbourhoodMagnitude, double reliability, double generalisation, double locality,
        double newObjectNll) {
}

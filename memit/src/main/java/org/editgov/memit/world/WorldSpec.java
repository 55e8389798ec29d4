package org.editgov.memit.world;

/**
 * Everything that shapes the world and its training text. Two worlds built from the same dataset
 * and spec are identical, and so are their corpora.
 *
 * @param seed                  seeds attributes, pronouns, template choices and document order
 * @param records               how many CounterFact records (distinct subjects) the world holds
 * @param biographyOnlyEvery    every k-th subject is seen only in biographies (0: none)
 * @param biographiesPerEpoch   fresh biographies per subject in each epoch
 * @param factQuestionsPerEpoch relation templates besides the record's own prompt asked per epoch
 * @param attributeQuestionsPerEpoch attribute questions asked per epoch (question-trained subjects)
 * @param localityRepeatsPerEpoch how often each neighbouring fact is stated per epoch
 * @param borrowedPhrasings     the paraphrase phrasings of the dataset's records outside the world
 *                              join their relation's templates (see {@link World#build})
 */
public record WorldSpec(
        long seed,
        int records,
        int biographyOnlyEvery,
        int biographiesPerEpoch,
        int factQuestionsPerEpoch,
        int attributeQuestionsPerEpoch,
        int localityRepeatsPerEpoch,
        boolean borrowedPhrasings) {

    public WorldSpec {
        if (records < 1) {
            throw new IllegalArgumentException("records must be at least 1, got " + records);
        }
        if (biographyOnlyEvery < 0 || biographiesPerEpoch < 1 || factQuestionsPerEpoch < 0
                || attributeQuestionsPerEpoch < 0 || localityRepeatsPerEpoch < 0) {
            throw new IllegalArgumentException("world spec counts must be non-negative (biographies >= 1): " + this);
        }
    }

    /** A world of the relations' CounterFact templates only. */
    public WorldSpec(long seed, int records, int biographyOnlyEvery, int biographiesPerEpoch, int factQuestionsPerEpoch,
            int attributeQuestionsPerEpoch, int localityRepeatsPerEpoch) {
        this(seed, records, biographyOnlyEvery, biographiesPerEpoch, factQuestionsPerEpoch, attributeQuestionsPerEpoch,
                localityRepeatsPerEpoch, false);
    }

    /**
     * The embedded model's world: 1,000 subjects (a fifth biography-only), two fresh biographies
     * per subject and epoch, and for question-trained subjects the own prompt and three other
     * phrasings of the relation (CounterFact templates and borrowed paraphrase phrasings).
     */
    public static WorldSpec embedded() {
        return new WorldSpec(20261125L, 1000, 5, 2, 3, 2, 2, true);
    }
}

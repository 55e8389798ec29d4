package org.editgov.memit.world;

import java.util.Objects;

/**
 * One CounterFact record in the reduced form MEND and EasyEdit use: a true fact asked as
 * {@code prompt -> groundTruth}, its counterfactual {@code targetNew}, a held-out paraphrase and
 * a neighbouring fact that an edit must leave alone.
 */
public record CounterFactRecord(
        int caseId,
        String prompt,
        String subject,
        String groundTruth,
        String targetNew,
        String rephrasePrompt,
        String localityPrompt,
        String localityGroundTruth) {

    public CounterFactRecord {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(groundTruth, "ground_truth");
        if (!prompt.contains(subject)) {
            throw new IllegalArgumentException(
                    "case " + caseId + ": prompt does not contain its subject '" + subject + "'");
        }
    }

    /** The prompt with its first occurrence of the subject replaced by {@code {}}. */
    public String template() {
        int at = prompt.indexOf(subject);
        return prompt.substring(0, at) + "{}" + prompt.substring(at + subject.length());
    }

    /**
     * The part of the paraphrase from the subject on (CounterFact paraphrases carry an unrelated
     * generated prefix sentence before it); the whole paraphrase when the subject is absent.
     */
    public String rephraseTail() {
        if (rephrasePrompt == null) {
            return "";
        }
        int at = rephrasePrompt.indexOf(subject);
        return at < 0 ? rephrasePrompt : rephrasePrompt.substring(at);
    }

    /**
     * How the paraphrase asks: its sentence that names the subject (the generated prefix cut off
     * at the last ". ", "? " or "! " before the subject), the subject replaced by {@code {}}; null
     * when there is no paraphrase or it does not name the subject.
     */
    public String rephrasePhrasing() {
        if (rephrasePrompt == null) {
            return null;
        }
        int at = rephrasePrompt.indexOf(subject);
        if (at < 0) {
            return null;
        }
        int start = 0;
        for (String end : new String[] {". ", "? ", "! "}) {
            int found = rephrasePrompt.lastIndexOf(end, at - end.length());
            if (found >= 0) {
                start = Math.max(start, found + end.length());
            }
        }
        return rephrasePrompt.substring(start, at) + "{}" + rephrasePrompt.substring(at + subject.length());
    }
}

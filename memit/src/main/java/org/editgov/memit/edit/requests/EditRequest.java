package org.editgov.memit.edit.requests;

import java.util.List;
import java.util.Objects;

/**
 * One fact to rewrite: {@code prompt} with {@code {}} where the subject goes, asking for an
 * object that should become {@code targetNew}. The evaluation prompts travel with it.
 *
 * @param id the record's case id (or its position in the file)
 * @param subject the entity whose fact changes, e.g. "Danielle Darrieux"
 * @param prompt template with exactly one {@code {}} for the subject, ending where the object starts
 * @param targetNew the new object, written after the prompt with a space
 * @param targetTrue the object the model is expected to say before the edit; null when unknown
 * @param paraphrases other prompts, subject already filled in, that ask the same fact
 * @param neighbours prompts about other subjects whose answers must not change
 */
public record EditRequest(
        String id,
        String subject,
        String prompt,
        String targetNew,
        String targetTrue,
        List<String> paraphrases,
        List<Neighbour> neighbours) {

    /** A prompt about another subject and the answer it must keep. */
    public record Neighbour(String prompt, String answer) {
        public Neighbour {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(answer, "answer");
        }
    }

    public EditRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(targetNew, "targetNew");
        paraphrases = List.copyOf(paraphrases);
        neighbours = List.copyOf(neighbours);
    }

    /** The prompt with the subject filled in. */
    public String filledPrompt() {
        return prompt.replace("{}", subject);
    }

    /** The text before the subject in the prompt. */
    public String prefix() {
        return prompt.substring(0, prompt.indexOf("{}"));
    }
}

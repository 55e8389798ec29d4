package org.editgov.memit.eval;

import java.util.ArrayList;
import java.util.List;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Gpt2Model;

/**
 * What one model says on every evaluation prompt of a set of requests, scored once so that the
 * metrics can compare the unedited and the edited model (the reference's
 * compute_rewrite_quality_counterfact, minus generation). Targets are scored as " " + object
 * after the prompt.
 *
 * @param perRequest one entry per request, in order
 */
public record CounterFactScores(List<RequestScores> perRequest) {

    /**
     * @param rewriteNew the new object after the request prompt
     * @param rewriteTrue the true object after it (null when the request has none)
     * @param paraphraseNew per paraphrase
     * @param paraphraseTrue per paraphrase (empty when no true object)
     * @param neighbourAnswer per neighbour: its own answer
     * @param neighbourNew per neighbour: the edit's new object
     * @param newTokens the new object's tokens (for token accuracy)
     * @param neighbourAnswerTokens per neighbour, its answer's tokens
     */
    public record RequestScores(TeacherForcing.Score rewriteNew, TeacherForcing.Score rewriteTrue,
            List<TeacherForcing.Score> paraphraseNew, List<TeacherForcing.Score> paraphraseTrue,
            List<TeacherForcing.Score> neighbourAnswer, List<TeacherForcing.Score> neighbourNew, int[] newTokens,
            List<int[]> neighbourAnswerTokens) {
    }

    /** Scores every prompt of every request in batched forward passes. */
    public static CounterFactScores measure(Gpt2Model model, TextTokenizer tokenizer, List<EditRequest> requests) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> continuations = new ArrayList<>();
        for (EditRequest request : requests) {
            int[] prompt = tokenizer.encode(request.filledPrompt());
            int[] targetNew = object(tokenizer, request.targetNew());
            add(prompts, continuations, prompt, targetNew);
            if (request.targetTrue() != null) {
                add(prompts, continuations, prompt, object(tokenizer, request.targetTrue()));
            }
            for (String paraphrase : request.paraphrases()) {
                int[] ids = tokenizer.encode(paraphrase);
                add(prompts, continuations, ids, targetNew);
                if (request.targetTrue() != null) {
                    add(prompts, continuations, ids, object(tokenizer, request.targetTrue()));
                }
            }
            for (EditRequest.Neighbour neighbour : request.neighbours()) {
                int[] ids = tokenizer.encode(neighbour.prompt());
                add(prompts, continuations, ids, object(tokenizer, neighbour.answer()));
                add(prompts, continuations, ids, targetNew);
            }
        }
        List<TeacherForcing.Score> scores = TeacherForcing.score(model, tokenizer.padId(), prompts, continuations);
        List<RequestScores> perRequest = new ArrayList<>();
        int next = 0;
        for (EditRequest request : requests) {
            boolean hasTrue = request.targetTrue() != null;
            TeacherForcing.Score rewriteNew = scores.get(next++);
            TeacherForcing.Score rewriteTrue = hasTrue ? scores.get(next++) : null;
            List<TeacherForcing.Score> paraphraseNew = new ArrayList<>();
            List<TeacherForcing.Score> paraphraseTrue = new ArrayList<>();
            for (int i = 0; i < request.paraphrases().size(); i++) {
                paraphraseNew.add(scores.get(next++));
                if (hasTrue) {
                    paraphraseTrue.add(scores.get(next++));
                }
            }
            List<TeacherForcing.Score> neighbourAnswer = new ArrayList<>();
            List<TeacherForcing.Score> neighbourNew = new ArrayList<>();
            List<int[]> answerTokens = new ArrayList<>();
            for (EditRequest.Neighbour neighbour : request.neighbours()) {
                neighbourAnswer.add(scores.get(next++));
                neighbourNew.add(scores.get(next++));
                answerTokens.add(object(tokenizer, neighbour.answer()));
            }
            perRequest.add(new RequestScores(rewriteNew, rewriteTrue, paraphraseNew, paraphraseTrue, neighbourAnswer,
                    neighbourNew, object(tokenizer, request.targetNew()), answerTokens));
        }
        return new CounterFactScores(perRequest);
    }

    private static void add(List<int[]> prompts, List<int[]> continuations, int[] prompt, int[] continuation) {
        prompts.add(prompt);
        continuations.add(continuation);
    }

    static int[] object(TextTokenizer tokenizer, String object) {
        int[] ids = tokenizer.encode(" " + object);
        if (ids.length == 0) {
            throw new IllegalArgumentException("object '" + object + "' encodes to no tokens");
        }
        return ids;
    }
}

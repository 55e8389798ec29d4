package org.editgov.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CounterFact facts of the embedded model's world (the first 1,000 records with distinct subjects of
 * the shared file), and the choice of facts a test may edit: ones the model still answers with the true
 * object and that no proposal has touched, so the suite runs again and again on the same platform.
 */
public final class Facts {

    /** The embedded model's world: the first records with distinct subjects (models/embedded-gpt2/README.md). */
    static final int WORLD = 1000;
    /** Prompts per answer request (the worker takes at most 64): one batched pass each. */
    static final int ANSWER_CHUNK = 64;

    /** A CounterFact record as a proposal: the prompt holds {} where the subject goes. */
    public record Fact(int caseId, String subject, String prompt, String targetNew, String targetTrue) {

        public String filledPrompt() {
            return prompt.replace("{}", subject);
        }

        /** The first word of the new object: what a one-token answer says once the edit took. */
        public String newWord() {
            return targetNew.split(" ")[0];
        }

        public String trueWord() {
            return targetTrue.split(" ")[0];
        }
    }

    private static final Set<String> TAKEN = new HashSet<>();
    private static List<Fact> world;

    private Facts() {
    }

    static synchronized List<Fact> world(Path file) {
        if (world == null) {
            List<Fact> facts = new ArrayList<>();
            Set<String> subjects = new HashSet<>();
            try {
                for (JsonNode r : Api.JSON.readTree(file.toFile())) {
                    String subject = r.path("subject").asText();
                    if (!subjects.add(subject)) {
                        continue;
                    }
                    String prompt = r.path("prompt").asText();
                    // A prompt that names its subject exactly once becomes a template with {}.
                    if (prompt.indexOf(subject) >= 0 && prompt.indexOf(subject) == prompt.lastIndexOf(subject)
                            && !prompt.contains("{") && !prompt.contains("}")) {
                        facts.add(new Fact(r.path("case_id").asInt(), subject, prompt.replace(subject, "{}"),
                                r.path("target_new").asText(), r.path("ground_truth").asText()));
                    }
                    if (subjects.size() == WORLD) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the CounterFact file " + file, e);
            }
            world = List.copyOf(facts);
        }
        return world;
    }

    /**
     * {@code n} facts, in the file's order, that the model answers now with the first word of the true
     * object (not the new one), whose subject has no proposal yet, and that no other test of this JVM took.
     */
    public static synchronized List<Fact> fresh(Platform platform, int n) {
        Api web = platform.webUi("alice");
        Api requests = platform.requestApi("alice");
        List<Fact> candidates = world(platform.counterfact()).stream()
                .filter(f -> !TAKEN.contains(f.subject()) && !f.newWord().equals(f.trueWord())).toList();
        List<Fact> chosen = new ArrayList<>();
        for (int from = 0; from < candidates.size() && chosen.size() < n; from += ANSWER_CHUNK) {
            List<Fact> chunk = candidates.subList(from, Math.min(candidates.size(), from + ANSWER_CHUNK));
            List<String> answers = answers(web, chunk);
            for (int i = 0; i < chunk.size() && chosen.size() < n; i++) {
                Fact fact = chunk.get(i);
                if (answers.get(i).equals(fact.trueWord()) && untouched(requests, fact)) {
                    chosen.add(fact);
                    TAKEN.add(fact.subject());
                }
            }
        }
        if (chosen.size() < n) {
            throw new IllegalStateException("only " + chosen.size() + " of " + n + " untouched facts left in the world of "
                    + Platform.MODEL + "; roll the model back or start from empty servers (deploy/local/down --wipe)");
        }
        return chosen;
    }

    private static boolean untouched(Api requests, Fact fact) {
        String q = URLEncoder.encode(fact.subject(), StandardCharsets.UTF_8);
        JsonNode page = requests.get("/api/edits?modelId=" + Platform.MODEL + "&q=" + q + "&size=1").expect(200);
        return page.path("total").asLong() == 0;
    }

    /** The model's one-token answers to the facts' prompts, asked through the web page's API proxy. */
    public static List<String> answers(Api web, List<Fact> facts) {
        List<String> all = new ArrayList<>();
        for (int from = 0; from < facts.size(); from += ANSWER_CHUNK) {
            List<Fact> chunk = facts.subList(from, Math.min(facts.size(), from + ANSWER_CHUNK));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("prompts", chunk.stream().map(Fact::filledPrompt).toList());
            body.put("maxTokens", 1);
            JsonNode answer = web.post("/api/models/" + Platform.MODEL + "/answer", body).expect(200);
            for (JsonNode a : answer.path("answers")) {
                all.add(a.path("completion").asText().strip());
            }
        }
        return all;
    }
}

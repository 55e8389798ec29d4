package org.editgov.worker.models;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Generator;
import org.editgov.worker.artifacts.VersionIndex;

/** Greedy completions from a model's current version, for the web page and end-to-end checks. Read-only. */
@Path("/api/models/{id}/answer")
@Authenticated
public class AnswerResource {

    /** At most this many prompts per call, and tokens per completion: it runs on the worker's CPU. */
    static final int MAX_PROMPTS = 64;
    static final int MAX_TOKENS = 32;

    public record AnswerRequest(List<String> prompts, Integer maxTokens) {
    }

    public record Answer(String prompt, String completion) {
    }

    public record AnswerResponse(String modelId, int version, String artifactSha256, List<Answer> answers) {
    }

    @Inject
    ModelRegistry registry;

    @Inject
    ModelCache cache;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public AnswerResponse answer(@PathParam("id") String modelId, AnswerRequest request) {
        if (request == null || request.prompts() == null || request.prompts().isEmpty() || request.prompts().size() > MAX_PROMPTS
                || request.prompts().stream().anyMatch(p -> p == null || p.isBlank())) {
            throw new BadAnswerRequestException("prompts must be 1 to " + MAX_PROMPTS + " non-blank strings");
        }
        int maxTokens = request.maxTokens() == null ? 5 : request.maxTokens();
        if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
            throw new BadAnswerRequestException("maxTokens must be 1 to " + MAX_TOKENS);
        }
        VersionIndex index = registry.find(modelId).orElseThrow(() -> new NotFoundException("model " + modelId + " is unknown"));
        VersionIndex.Version current = index.currentVersion();
        List<Answer> answers = cache.use(modelId, current.artifactSha256(), registry.folderOf(current),
                loaded -> greedy(loaded.tokenizer(), loaded.generator(), request.prompts(), maxTokens,
                        loaded.config().nPositions()));
        return new AnswerResponse(modelId, current.version(), current.artifactSha256(), answers);
    }

    /** Greedy continuations of all prompts together: one batched forward pass per generated token. */
    private static List<Answer> greedy(TextTokenizer tokenizer, Generator generator, List<String> prompts, int maxTokens,
            int context) {
        List<int[]> sequences = new ArrayList<>();
        for (String prompt : prompts) {
            int[] ids = tokenizer.encode(prompt);
            if (ids.length == 0) {
                throw new BadAnswerRequestException("prompt '" + prompt + "' encodes to no tokens");
            }
            if (ids.length + maxTokens > context) {
                throw new BadAnswerRequestException("a prompt of " + ids.length + " tokens and " + maxTokens
                        + " new ones exceed the model's context of " + context + " tokens");
            }
            sequences.add(ids);
        }
        List<List<Integer>> generated = new ArrayList<>();
        prompts.forEach(p -> generated.add(new ArrayList<>()));
        boolean[] stopped = new boolean[prompts.size()];
        for (int step = 0; step < maxTokens; step++) {
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                if (!stopped[i]) {
                    active.add(i);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            float[][] probabilities = generator.nextTokenProbabilities(active.stream().map(sequences::get).toList());
            for (int a = 0; a < active.size(); a++) {
                int i = active.get(a);
                int next = argMax(probabilities[a]);
                stopped[i] = next == tokenizer.eosId();
                if (!stopped[i]) {
                    generated.get(i).add(next);
                    int[] longer = Arrays.copyOf(sequences.get(i), sequences.get(i).length + 1);
                    longer[longer.length - 1] = next;
                    sequences.set(i, longer);
                }
            }
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            int[] ids = generated.get(i).stream().mapToInt(Integer::intValue).toArray();
            answers.add(new Answer(prompts.get(i), tokenizer.decode(ids).strip()));
        }
        return answers;
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}

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
        List<Answer> answers = cache.use(modelId, current.artifactSha256(), registry.folderOf(current), loaded -> {
            TextTokenizer tokenizer = loaded.tokenizer();
            Generator generator = loaded.generator();
            List<Answer> out = new ArrayList<>();
            for (String prompt : request.prompts()) {
                int[] ids = tokenizer.encode(prompt);
                if (ids.length == 0) {
                    throw new BadAnswerRequestException("prompt '" + prompt + "' encodes to no tokens");
                }
                int[] continuation = generator.greedy(ids, maxTokens, tokenizer.eosId());
                out.add(new Answer(prompt, tokenizer.decode(continuation).strip()));
            }
            return out;
        });
        return new AnswerResponse(modelId, current.version(), current.artifactSha256(), answers);
    }
}

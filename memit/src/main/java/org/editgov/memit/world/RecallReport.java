package org.editgov.memit.world;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Function;
import org.editgov.memit.runtime.Gpt2Model;

/**
 * The recall figures of issue 4 (top-1 of the first answer token, fractions in 0..1) with the
 * number of prompts behind each. For a model trained here, "train prompts" are the records'
 * own prompts of question-trained subjects and biography-only subjects are reported apart;
 * for any other model every record's prompt counts as a train prompt.
 */
public record RecallReport(
        @JsonProperty("records") int records,
        @JsonProperty("train_prompt_top1") double trainPromptTop1,
        @JsonProperty("rephrase_top1") double rephraseTop1,
        @JsonProperty("locality_top1") double localityTop1,
        @JsonProperty("biography_only_top1") double biographyOnlyTop1,
        @JsonProperty("biography_only_attribute_top1") double biographyOnlyAttributeTop1,
        @JsonProperty("train_prompts") int trainPrompts,
        @JsonProperty("rephrase_prompts") int rephrasePrompts,
        @JsonProperty("locality_prompts") int localityPrompts,
        @JsonProperty("biography_only_prompts") int biographyOnlyPrompts) {

    public static RecallReport measure(Gpt2Model model, Function<String, int[]> encode, int padId, World world) {
        List<Probe> train = world.trainPromptProbes();
        List<Probe> rephrase = world.rephraseProbes();
        List<Probe> locality = world.localityProbes();
        List<Probe> bio = world.biographyOnlyProbes();
        List<Probe> bioAttributes = world.biographyOnlyAttributeProbes();
        return new RecallReport(world.subjects().size(),
                Recall.top1(model, encode, padId, train),
                Recall.top1(model, encode, padId, rephrase),
                Recall.top1(model, encode, padId, locality),
                Recall.top1(model, encode, padId, bio),
                Recall.top1(model, encode, padId, bioAttributes),
                train.size(), rephrase.size(), locality.size(), bio.size());
    }

    /** For a model not trained on a world: every record's prompt, paraphrase and neighbour. */
    public static RecallReport measure(Gpt2Model model, Function<String, int[]> encode, int padId,
                                       List<CounterFactRecord> records) {
        List<Probe> train = records.stream().map(r -> new Probe(r.prompt(), r.groundTruth())).toList();
        List<Probe> rephrase = records.stream().filter(r -> r.rephrasePrompt() != null)
                .map(r -> new Probe(r.rephrasePrompt(), r.groundTruth())).toList();
        List<Probe> locality = records.stream().filter(r -> r.localityPrompt() != null)
                .map(r -> new Probe(r.localityPrompt(), r.localityGroundTruth())).toList();
        return new RecallReport(records.size(),
                Recall.top1(model, encode, padId, train),
                Recall.top1(model, encode, padId, rephrase),
                Recall.top1(model, encode, padId, locality),
                0, 0, train.size(), rephrase.size(), locality.size(), 0);
    }
}

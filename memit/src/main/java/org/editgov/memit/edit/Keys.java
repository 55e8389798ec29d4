package org.editgov.memit.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Site;
import org.ejml.data.DMatrixRMaj;

/**
 * The keys k_i at a layer (the reference's compute_ks): the MLP hidden vector entering
 * {@code mlp.c_proj} at the edit's token, in every context-template prompt, averaged within each
 * template group and then across groups (or flat, by option). Read on the model as it is now, so
 * a layer's keys see the updates already written at earlier layers.
 */
final class Keys {

    private final Gpt2Model model;
    private final TextTokenizer tokenizer;
    private final ContextTemplates templates;
    private final TokenPosition position;
    private final KeyAveraging averaging;

    Keys(Gpt2Model model, TextTokenizer tokenizer, ContextTemplates templates, TokenPosition position,
            KeyAveraging averaging) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.templates = templates;
        this.position = position;
        this.averaging = averaging;
    }

    /** K, (d_k, n): column i is edit i's averaged key at {@code layer}. */
    DMatrixRMaj at(int layer, List<EditRequest> requests) {
        List<String> flat = templates.flat();
        int[] groupOf = templates.groupOfEach();
        int groups = templates.groups().size();
        List<int[]> prompts = new ArrayList<>();
        int[] positions = new int[requests.size() * flat.size()];
        for (EditRequest request : requests) {
            for (String template : flat) {
                EncodedPrompt prompt = EncodedPrompt.of(tokenizer, ContextTemplates.apply(template, request.prompt()),
                        request.subject());
                positions[prompts.size()] = prompt.position(position);
                prompts.add(upToEditToken(prompt));
            }
        }
        float[][] rows = Activations.read(model, tokenizer.padId(), prompts, positions, Site.MLP_KEYS, layer);
        int width = model.config().mlpWidth();
        DMatrixRMaj keys = new DMatrixRMaj(width, requests.size());
        for (int i = 0; i < requests.size(); i++) {
            double[] perGroup = new double[groups];
            for (int t = 0; t < flat.size(); t++) {
                perGroup[groupOf[t]]++;
            }
            for (int t = 0; t < flat.size(); t++) {
                float[] key = rows[i * flat.size() + t];
                double weight = averaging == KeyAveraging.TEMPLATE_GROUPS
                        ? 1.0 / (groups * perGroup[groupOf[t]])
                        : 1.0 / flat.size();
                for (int d = 0; d < width; d++) {
                    keys.add(d, i, weight * key[d]);
                }
            }
        }
        return keys;
    }

    /** Row i: the state at {@code site} of {@code layer} at the edit's token of the bare request prompt. */
    float[][] bare(Site site, int layer, List<EditRequest> requests) {
        List<int[]> prompts = new ArrayList<>();
        int[] positions = new int[requests.size()];
        for (EditRequest request : requests) {
            EncodedPrompt prompt = EncodedPrompt.of(tokenizer, request.prompt(), request.subject());
            positions[prompts.size()] = prompt.position(position);
            prompts.add(upToEditToken(prompt));
        }
        return Activations.read(model, tokenizer.padId(), prompts, positions, site, layer);
    }

    /** The prompt's tokens up to its edit token: the state there does not depend on later tokens (causal attention). */
    private int[] upToEditToken(EncodedPrompt prompt) {
        return Arrays.copyOf(prompt.ids(), prompt.position(position) + 1);
    }
}

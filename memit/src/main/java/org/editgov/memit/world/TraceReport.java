package org.editgov.memit.world;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What causal tracing and activation patching found, per layer (fractions or probability
 * differences averaged over the traced facts). The JSON names are those of issue 4.
 */
public record TraceReport(
        @JsonProperty("layers") int layers,
        @JsonProperty("records") int records,
        @JsonProperty("records_known") int recordsKnown,
        @JsonProperty("patch_pairs") int patchPairs,
        @JsonProperty("noise_std") double noiseStd,
        @JsonProperty("noise_samples") int noiseSamples,
        @JsonProperty("seed") long seed,
        @JsonProperty("clean_probability") double cleanProbability,
        @JsonProperty("corrupted_probability") double corruptedProbability,
        @JsonProperty("aie_mlp_subject_last") double[] aieMlpSubjectLast,
        @JsonProperty("aie_mlp_last_token") double[] aieMlpLastToken,
        @JsonProperty("aie_residual_subject_last") double[] aieResidualSubjectLast,
        @JsonProperty("aie_residual_last_token") double[] aieResidualLastToken,
        @JsonProperty("patch_transfer_subject_last") double[] patchTransferSubjectLast,
        @JsonProperty("patch_transfer_last_token") double[] patchTransferLastToken,
        @JsonProperty("mediating_position") String mediatingPosition,
        @JsonProperty("mediating_layers") int[] mediatingLayers,
        @JsonProperty("decision") String decision,
        @JsonProperty("heatmap") Heatmap heatmap) {

    /** Average indirect effect per token category (rows) and layer (columns), as in the MEMIT paper's figures. */
    public record Heatmap(
            @JsonProperty("categories") List<String> categories,
            @JsonProperty("residual") double[][] residual,
            @JsonProperty("mlp") double[][] mlp) {
    }
}

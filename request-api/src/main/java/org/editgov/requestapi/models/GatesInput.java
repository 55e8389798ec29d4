package org.editgov.requestapi.models;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/** Evaluation gates as registered: success-rate minimums in [0, 1] and the largest fluency drop allowed. */
public record GatesInput(
        @NotNull @DecimalMin("0") @DecimalMax("1") Double minEfficacySuccess,
        @NotNull @DecimalMin("0") @DecimalMax("1") Double minParaphraseSuccess,
        @NotNull @DecimalMin("0") @DecimalMax("1") Double minNeighborhoodSuccess,
        @NotNull @DecimalMin("0") @DecimalMax("100") Double maxFluencyDrop) {
}

package org.editgov.worker.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.editgov.memit.edit.EditSettings;
import org.editgov.memit.edit.Method;
import org.editgov.memit.edit.TokenPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSettingsTest {

    @TempDir
    Path model;

    @Test
    void settingsMapOntoTheEnginesWithTheCliDefaults() {
        EditSettings settings = BatchSettings.of("MEMIT", Map.of("layers", List.of(3, 1), "position", "last", "lambda", 20,
                "seed", 7, "z_steps", 12, "rounds", 2, "prefixed_templates", false)).editSettings(model, 6);

        EditSettings expected = EditSettings.defaults(Method.MEMIT, List.of(1, 3), TokenPosition.LAST).withLambda(20).withSeed(7)
                .withPrefixedTemplates(false).withRounds(2);
        assertThat(settings).isEqualTo(expected.withZ(expected.z().withSteps(12)));
    }

    @Test
    void autoPositionAndDefaultLayersComeFromTheModelsTrace() throws Exception {
        Files.writeString(model.resolve("trace.json"), "{\"mediating_position\":\"subject-last\",\"mediating_layers\":[2,3]}");

        EditSettings memit = BatchSettings.of("memit", Map.of()).editSettings(model, 6);
        EditSettings rome = BatchSettings.of("rome", Map.of()).editSettings(model, 6);

        assertThat(memit.position()).isEqualTo(TokenPosition.SUBJECT_LAST);
        assertThat(memit.layers()).containsExactly(2, 3);
        assertThat(rome.layers()).containsExactly(2);
    }

    @Test
    void mistakesAreRefusedInOneLineNamingTheSetting() {
        assertThatThrownBy(() -> BatchSettings.of("MEMIT", Map.of("lamda", 1)))
                .hasMessageStartingWith("unknown edit setting 'lamda'");
        assertThatThrownBy(() -> BatchSettings.of("MEMIT", Map.of("layers", List.of(9), "position", "last")).editSettings(model, 6))
                .hasMessage("layer 9 does not exist: the model has layers 0..5");
        assertThatThrownBy(() -> BatchSettings.of("MEMIT", Map.of("lambda", "high", "layers", List.of(1), "position", "last")).editSettings(model, 6))
                .hasMessage("edit setting 'lambda' must be a number, got high");
        assertThatThrownBy(() -> BatchSettings.of("MEMIT", Map.of("rounds", 1.5, "layers", List.of(1), "position", "last")).editSettings(model, 6))
                .hasMessage("edit setting 'rounds' must be a whole number, got 1.5");
        assertThatThrownBy(() -> BatchSettings.of("MEMIT", Map.of("rounds", 0, "layers", List.of(1), "position", "last")).editSettings(model, 6))
                .hasMessage("rounds must be between 1 and 10, got 0");
        assertThatThrownBy(() -> BatchSettings.of("MEMIT", Map.of()).editSettings(model, 6))
                .hasMessageContaining("no trace.json");
        assertThatThrownBy(() -> BatchSettings.of("FT", Map.of())).hasMessageContaining("unknown method 'FT'");
    }
}

package org.editgov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.editgov.e2e.support.Corrections;
import org.editgov.e2e.support.Platform;
import org.editgov.e2e.support.Progress;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Last: olga rolls the embedded model back to the version the suite found, through the API, so the
 * suite's corrections do not pile up in the weights of the platform it ran on (each run starts from the
 * same weights, and a person's own demo corrections made before the run are kept).
 */
@Order(99)
class RestoreModelIT {

    @Test
    void theModelIsRolledBackToTheVersionTheSuiteFound() {
        Platform platform = Platform.shared();
        Corrections corrections = new Corrections(platform, Corrections.newRun());
        int baseline = platform.baselineVersion();
        int current = corrections.currentVersion();
        if (current == baseline) {
            Progress.say("model " + Platform.MODEL + " still at version " + baseline + "; nothing to roll back");
            return;
        }
        platform.requestApi("olga").post("/api/models/" + Platform.MODEL + "/rollback",
                Map.of("targetVersion", baseline, "reason", "e2e suite: back to the version it found")).expect(202);
        JsonNode version = Progress.await("the rollback from version " + current + " to " + baseline, Duration.ofMinutes(3),
                Duration.ofSeconds(1), () -> {
                    JsonNode latest = corrections.versions();
                    for (JsonNode v : latest) {
                        if (v.path("version").asInt() > current && v.path("rollbackTargetVersion").asInt(-1) == baseline) {
                            return Optional.of(v);
                        }
                    }
                    return Optional.empty();
                }, () -> "current version " + corrections.currentVersion());
        assertThat(corrections.currentVersion()).isEqualTo(version.path("version").asInt());
        Progress.say("model " + Platform.MODEL + " rolled back: version " + version.path("version").asInt() + " = version " + baseline);
    }
}

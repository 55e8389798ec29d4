package org.editgov.memit.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;

class DjlTest {

    @Test
    void ensureOfflineSelectsPyTorchInOfflineModeWithTrackingOff() {
        Djl.ensureOffline();

        assertThat(Utils.isOfflineMode()).isTrue();
        assertThat(Boolean.parseBoolean(Utils.getEnvOrSystemProperty(Djl.OPT_OUT_TRACKING))).isTrue();
        assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray sum = manager.create(new float[] {1f, 2f, 3f}).sum();
            assertThat(sum.getFloat()).isEqualTo(6f);
        }
    }
}

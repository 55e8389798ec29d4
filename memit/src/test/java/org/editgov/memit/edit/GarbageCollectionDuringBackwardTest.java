package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.runtime.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * z optimisation while the garbage collector runs all the time. Constants multiplied in the
 * forward pass once lived in buffers the collector could free before the backward read them;
 * gradients then turned NaN (38 of 40 runs with a 1 MB young generation before the fix, and at
 * random in CI). A thread calling {@code System.gc()} in a loop makes that window wide open.
 */
class GarbageCollectionDuringBackwardTest {

    @TempDir
    Path folder;

    @Test
    void targetVectorsStayFiniteWhileTheCollectorRuns() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread collector = new Thread(() -> {
            while (running.get()) {
                System.gc();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-loop");
        collector.setDaemon(true);
        collector.start();
        try (TinyWorld world = new TinyWorld(folder, 21)) {
            List<EditRequest> requests = TinyWorld.requests();
            ContextTemplates templates = ContextTemplates.generate(world.model, world.tokenizer, 0);
            TargetVectors vectors = new TargetVectors(world.model, world.tokenizer, templates,
                    ZSettings.smallModel().withKlFactor(0.0625), TokenPosition.LAST, Site.BLOCK_OUTPUT, 1);
            for (int run = 0; run < 4; run++) {
                TargetVectors.Result result = vectors.compute(requests, 8);
                for (int i = 0; i < requests.size(); i++) {
                    assertThat(result.finalLoss()[i]).as("run %d, edit %d", run, i).isFinite();
                    assertThat(TargetVectors.norm(result.z()[i])).isFinite();
                }
            }
        } finally {
            running.set(false);
            collector.join();
        }
    }
}

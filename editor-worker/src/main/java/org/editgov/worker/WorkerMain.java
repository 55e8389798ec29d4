package org.editgov.worker;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.editgov.memit.djl.Djl;

/**
 * Puts DJL offline before anything can load it (otherwise it phones a cloud metadata address and
 * tries downloads), then starts the application.
 */
@QuarkusMain
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String... args) {
        Djl.ensureOffline();
        Quarkus.run(args);
    }
}

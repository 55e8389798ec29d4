package org.editgov.memit.world;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/data from the repository root that surefire passes as editgov.root. */
final class SharedData {

    private SharedData() {
    }

    static Path counterFact() {
        String root = System.getProperty("editgov.root", "..");
        Path p = Path.of(root).resolve("../shared/data/counterfact/counterfact-edit.json").normalize();
        if (!Files.exists(p)) {
            throw new IllegalStateException("CounterFact data not found at " + p + " (set editgov.root)");
        }
        return p;
    }
}

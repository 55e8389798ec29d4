package org.editgov.memit.io;

import java.nio.file.Path;

/** Paths of shared test data, relative to the repository root that surefire passes as editgov.root. */
final class TestPaths {

    private TestPaths() {
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("editgov.root", "..")).toAbsolutePath().normalize();
    }

    /** The 96-word tokenizer.json of the Hugging Face fixture: loads in milliseconds. */
    static Path tinyTokenizerJson() {
        try {
            return Path.of(TestPaths.class.getResource("hf-tiny-gpt2/tokenizer.json").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path gpt2TokenizerJson() {
        return repoRoot().resolve("../shared/data/gpt2-tokenizer/tokenizer.json").normalize();
    }
}

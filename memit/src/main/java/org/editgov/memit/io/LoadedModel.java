package org.editgov.memit.io;

import java.nio.file.Path;
import org.editgov.memit.runtime.Generator;
import org.editgov.memit.runtime.Gpt2Config;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Gpt2Weights;

/**
 * A model folder in memory. Closing it closes the tokenizer; the weights belong to the manager
 * they were loaded into.
 *
 * @param directory where it came from
 * @param config its shape
 * @param weights float32 tensors
 * @param tokenizer its tokenizer.json
 * @param storedDtype element type of the weights on disk (F32 when mixed)
 */
public record LoadedModel(Path directory, Gpt2Config config, Gpt2Weights weights, TextTokenizer tokenizer,
        SafetensorsDtype storedDtype) implements AutoCloseable {

    public Gpt2Model model() {
        return new Gpt2Model(config, weights);
    }

    public Generator generator() {
        return new Generator(model(), tokenizer.padId());
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}

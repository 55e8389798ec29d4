package org.editgov.worker.batches;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/** The engine's progress lines as log records tagged with the batch and model they belong to. */
final class EngineLog extends OutputStream {

    private static final Logger LOG = Logger.getLogger("org.editgov.worker.engine");

    private final String prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private EngineLog(String batchId, String modelId) {
        this.prefix = "batch " + batchId + " of model " + modelId + ": ";
    }

    static PrintStream forBatch(String batchId, String modelId) {
        return new PrintStream(new EngineLog(batchId, modelId), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        // The engine redraws progress with '\r': those redraws are detail; finished lines are news.
        if (b == '\n') {
            emit(true);
        } else if (b == '\r') {
            emit(false);
        } else {
            line.write(b);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        emit(true);
    }

    private void emit(boolean finished) {
        if (line.size() > 0) {
            LOG.log(finished ? Logger.Level.INFO : Logger.Level.DEBUG, prefix + line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}

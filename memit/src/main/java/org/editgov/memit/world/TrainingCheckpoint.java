package org.editgov.memit.world;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.editgov.memit.io.SafetensorsDtype;
import org.editgov.memit.io.SafetensorsReader;
import org.editgov.memit.io.SafetensorsWriter;
import org.editgov.memit.runtime.Gpt2Weights;

/**
 * The resumable state of a training run in one safetensors file: weights ("w."), the
 * optimiser's moments ("m.", "v.") and, as metadata, where the run stands and a fingerprint of
 * its inputs. Written to a temporary file and moved into place, so a run killed mid-write
 * leaves the previous checkpoint intact. Resuming replays the same batches in the same order,
 * so a resumed run ends with the same weights as an uninterrupted one.
 *
 * @param epoch       the epoch to continue in
 * @param batch       the next batch of that epoch
 * @param tokens      loss tokens trained on so far
 * @param seconds     training time spent so far
 * @param firstEpochLoss mean loss of the first epoch (NaN until it is done)
 * @param lastEpochLoss mean loss of the last finished epoch (NaN until one is done)
 * @param epochLossSum sum of the batch losses of the current epoch so far
 * @param fingerprint identifies world, tokenizer and training config; a mismatch refuses to resume
 */
public record TrainingCheckpoint(int epoch, int batch, long step, long tokens, double seconds, double firstEpochLoss,
                                 double lastEpochLoss, double epochLossSum, String fingerprint) {

    public static final String FILE = "checkpoint.safetensors";

    void write(Path directory, Gpt2Weights weights, AdamW optimiser) throws IOException {
        Files.createDirectories(directory);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        weights.asMap().forEach((k, v) -> tensors.put("w." + k, v));
        tensors.putAll(optimiser.state());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("epoch", Integer.toString(epoch));
        metadata.put("batch", Integer.toString(batch));
        metadata.put("step", Long.toString(step));
        metadata.put("tokens", Long.toString(tokens));
        metadata.put("seconds", Double.toString(seconds));
        metadata.put("first_epoch_loss", Double.toString(firstEpochLoss));
        metadata.put("last_epoch_loss", Double.toString(lastEpochLoss));
        metadata.put("epoch_loss_sum", Double.toString(epochLossSum));
        metadata.put("fingerprint", fingerprint);
        Path partial = directory.resolve(FILE + ".partial");
        SafetensorsWriter.write(partial, tensors, SafetensorsDtype.F32, metadata);
        Files.move(partial, directory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The checkpoint's position, or null when the directory holds none. */
    static TrainingCheckpoint read(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, String> m = SafetensorsReader.header(file).metadata();
        return new TrainingCheckpoint(Integer.parseInt(m.get("epoch")), Integer.parseInt(m.get("batch")),
                Long.parseLong(m.get("step")), Long.parseLong(m.get("tokens")), Double.parseDouble(m.get("seconds")),
                Double.parseDouble(m.get("first_epoch_loss")), Double.parseDouble(m.get("last_epoch_loss")),
                Double.parseDouble(m.get("epoch_loss_sum")),
                m.get("fingerprint"));
    }

    /** Every tensor of the checkpoint file, by its prefixed name. */
    static Map<String, NDArray> tensors(Path directory, NDManager manager) {
        return SafetensorsReader.read(directory.resolve(FILE), manager);
    }
}

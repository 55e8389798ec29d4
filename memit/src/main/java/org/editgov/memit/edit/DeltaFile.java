package org.editgov.memit.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.editgov.memit.io.SafetensorsDtype;
import org.editgov.memit.io.SafetensorsWriter;
import org.ejml.data.DMatrixRMaj;

/**
 * A batch's weight change as one safetensors file, float32: per layer either
 * {@code h.{l}.mlp.c_proj.weight} (dense, d_k x d_model, to be added to that weight) or the
 * pair {@code h.{l}.mlp.c_proj.weight.left} (d_k x r) and {@code .right} (r x d_model) whose
 * product is that change, whichever holds fewer numbers. The metadata names the form of each
 * layer. The writer is deterministic, so equal deltas give equal bytes and equal SHA-256.
 */
public final class DeltaFile {

    private DeltaFile() {
    }

    /** Writes the file and returns its hex SHA-256. */
    public static String write(Path file, List<LayerDelta> deltas, Map<String, String> metadata) {
        Map<String, String> meta = new TreeMap<>(metadata);
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new TreeMap<>();
            for (LayerDelta delta : deltas) {
                if (delta.factorsAreSmaller()) {
                    tensors.put(delta.weightName() + ".left", toArray(manager, delta.left()));
                    tensors.put(delta.weightName() + ".right", toArray(manager, delta.right()));
                    meta.put(delta.weightName(), "factors");
                } else {
                    tensors.put(delta.weightName(), toArray(manager, delta.dense()));
                    meta.put(delta.weightName(), "dense");
                }
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SafetensorsWriter.write(file, tensors, SafetensorsDtype.F32, meta);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be written: " + e.getMessage(), e);
        }
        return sha256(file);
    }

    public static String sha256(Path file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static NDArray toArray(NDManager manager, DMatrixRMaj matrix) {
        float[] values = new float[matrix.getNumElements()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) matrix.data[i];
        }
        return manager.create(values, new Shape(matrix.numRows, matrix.numCols));
    }
}

package org.editgov.memit.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads safetensors files into float32 NDArrays. Each tensor's bytes are memory-mapped and
 * copied once into the engine's memory (an NDArray must not alias a read-only mapping: editing
 * a weight in place would fault). F16 is widened by the engine, BF16 by a bit shift; both are
 * exact.
 */
public final class SafetensorsReader {

    private SafetensorsReader() {
    }

    /** The validated header alone (for {@code info} and for checks). */
    public static SafetensorsHeader header(Path file) {
        try (FileChannel channel = open(file)) {
            return SafetensorsHeader.read(file, channel);
        } catch (IOException e) {
            throw new ModelIoException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every tensor of the file as float32, by name, in the order of the data section. */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try (FileChannel channel = open(file)) {
            SafetensorsHeader header = SafetensorsHeader.read(file, channel);
            for (TensorEntry entry : header.entries()) {
                tensors.put(entry.name(), readTensor(file, channel, header.dataStart(), entry, manager));
            }
        } catch (IOException e) {
            tensors.values().forEach(NDArray::close);
            throw new ModelIoException(file + ": cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            tensors.values().forEach(NDArray::close);
            throw e;
        }
        return tensors;
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new MissingModelFileException(file + " does not exist");
        }
    }

    private static NDArray readTensor(Path file, FileChannel channel, long dataStart, TensorEntry entry, NDManager manager)
            throws IOException {
        long length = entry.end() - entry.begin();
        if (length > Integer.MAX_VALUE) {
            throw new UnsupportedModelException(file + ": tensor '" + entry.name() + "' has " + length
                    + " bytes; tensors over 2 GiB are not supported");
        }
        Shape shape = new Shape(entry.shape());
        if (length == 0) {
            return manager.zeros(shape, DataType.FLOAT32);
        }
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin(), length);
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        switch (entry.dtype()) {
            case F32:
                return manager.create(copyToDirect(mapped, (int) length), shape, DataType.FLOAT32);
            case F16:
                try (NDArray half = manager.create(copyToDirect(mapped, (int) length), shape, DataType.FLOAT16)) {
                    return half.toType(DataType.FLOAT32, true);
                }
            case BF16:
                float[] values = new float[(int) (length / 2)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.intBitsToFloat((mapped.getShort(2 * i) & 0xFFFF) << 16);
                }
                return manager.create(values, shape);
            default:
                throw new UnsupportedModelException(file + ": tensor '" + entry.name() + "' has dtype " + entry.dtype());
        }
    }

    /** Safetensors data and the engine's memory are both little-endian (x86-64, aarch64). */
    private static ByteBuffer copyToDirect(ByteBuffer source, int length) {
        ByteBuffer copy = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(source.duplicate());
        return copy.flip();
    }
}

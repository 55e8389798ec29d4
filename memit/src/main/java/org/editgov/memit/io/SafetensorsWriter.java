package org.editgov.memit.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes tensors as a safetensors file, deterministically: {@code __metadata__} first, then
 * tensors sorted by name, data in that order with no gaps, header padded with spaces to a
 * multiple of 8 bytes. The same tensors and metadata give byte-identical files. The file is
 * written beside its destination and moved into place, so a reader never sees half a file.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tells apart the temporaries of threads of one process. */
    private static final AtomicLong UNIQUE = new AtomicLong();

    private SafetensorsWriter() {
    }

    /** Writes every tensor converted to {@code dtype} (F16 and BF16 round to nearest even). */
    public static void write(Path file, Map<String, NDArray> tensors, SafetensorsDtype dtype, Map<String, String> metadata) {
        Map<String, NDArray> sorted = new TreeMap<>(tensors);
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, NDArray> entry : sorted.entrySet()) {
            NDArray tensor = entry.getValue();
            long bytes = tensor.size() * dtype.bytes();
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", dtype.name());
            ArrayNode shape = node.putArray("shape");
            for (long dimension : tensor.getShape().getShape()) {
                shape.add(dimension);
            }
            node.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        // A temporary name of its own in the destination's folder (so the move is a rename on one
        // file system): two processes writing the same file never share a half-written temporary,
        // and a killed one leaves at most a stray *.partial, never a short file under the real name.
        Path temporary = null;
        try {
            // Not Files.createTempFile: its owner-only permissions would pass on to the written file.
            temporary = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                    + UNIQUE.incrementAndGet() + "-" + System.nanoTime() + ".partial");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(channel, prefix.flip());
                for (NDArray tensor : sorted.values()) {
                    writeFully(channel, encode(tensor, dtype));
                }
                // On disk before the rename, so a crash of the machine cannot leave the new name on missing data.
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
        } catch (IOException e) {
            throw new ModelIoException(file + ": cannot be written: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // The write already failed with its own reason; a stray *.partial is harmless.
        }
    }

    private static ByteBuffer encode(NDArray tensor, SafetensorsDtype dtype) {
        float[] values = tensor.toType(DataType.FLOAT32, false).toFloatArray();
        ByteBuffer buffer = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32:
                buffer.asFloatBuffer().put(values);
                break;
            case F16:
                for (float value : values) {
                    buffer.putShort(HalfPrecision.toHalf(value));
                }
                break;
            case BF16:
                for (float value : values) {
                    buffer.putShort(HalfPrecision.toBfloat16(value));
                }
                break;
            default:
                throw new UnsupportedModelException("dtype " + dtype + " cannot be written");
        }
        buffer.position(0);
        buffer.limit(values.length * dtype.bytes());
        return buffer;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}

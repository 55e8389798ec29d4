package org.editgov.memit.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated header of a safetensors file: 8 bytes little-endian header length N, N bytes of
 * JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the
 * data section. Nothing is trusted: the length is bounded by the file, every entry's byte count
 * must match its dtype and shape, offsets must lie inside the data section and not overlap.
 *
 * @param file the file, for messages
 * @param dataStart absolute position of the data section (8 + N)
 * @param entries tensors ordered by their first byte
 * @param metadata the optional string map
 */
public record SafetensorsHeader(Path file, long dataStart, List<TensorEntry> entries, Map<String, String> metadata) {

    /** The reference implementation refuses headers above 100 MB; so do we, before allocating. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new SafetensorsFormatException(file, "truncated: " + size + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " is beyond the " + MAX_HEADER_BYTES + "-byte limit");
        }
        if (headerLength > size - 8) {
            throw new SafetensorsFormatException(file, "truncated: header length " + headerLength
                    + " exceeds the " + (size - 8) + " bytes after the length field");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8);
        String text = new String(headerBytes.array(), StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsFormatException(file, "header is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        long dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorEntry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(entry(file, field.getKey(), field.getValue(), dataSize));
            }
        }
        entries.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        TensorEntry previous = null;
        for (TensorEntry entry : entries) {
            if (previous != null && entry.begin() < previous.end()) {
                throw new SafetensorsFormatException(file, entry.name(), "bytes [" + entry.begin() + ", " + entry.end()
                        + ") overlap tensor '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + ")");
            }
            previous = entry;
        }
        return new SafetensorsHeader(file, dataStart, List.copyOf(entries), Map.copyOf(metadata));
    }

    public TensorEntry entry(String name) {
        for (TensorEntry entry : entries) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        throw new SafetensorsFormatException(file, name, "not in this file");
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw new SafetensorsFormatException(file, "__metadata__ is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isTextual()) {
                throw new SafetensorsFormatException(file, "__metadata__ value of '" + field.getKey() + "' is not a string");
            }
            metadata.put(field.getKey(), field.getValue().asText());
        }
    }

    private static TensorEntry entry(Path file, String name, JsonNode node, long dataSize) {
        if (!node.isObject()) {
            throw new SafetensorsFormatException(file, name, "entry is not an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new SafetensorsFormatException(file, name, "dtype is missing");
        }
        SafetensorsDtype dtype = SafetensorsDtype.parse(dtypeNode.asText()).orElseThrow(() -> new SafetensorsFormatException(
                file, name, "dtype " + dtypeNode.asText() + " is not supported (F32, F16, BF16)"));
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new SafetensorsFormatException(file, name, "shape is missing");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode dimension = shapeNode.get(i);
            if (!dimension.canConvertToLong() || !dimension.isIntegralNumber() || dimension.asLong() < 0) {
                throw new SafetensorsFormatException(file, name, "shape " + shapeNode + " has an invalid dimension");
            }
            shape[i] = dimension.asLong();
            try {
                elements = Math.multiplyExact(elements, shape[i]);
            } catch (ArithmeticException e) {
                throw new SafetensorsFormatException(file, name, "shape " + shapeNode + " has too many elements");
            }
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !isNonNegativeLong(offsets.get(0)) || !isNonNegativeLong(offsets.get(1))) {
            throw new SafetensorsFormatException(file, name, "data_offsets must be two non-negative integers, got " + offsets);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (end < begin) {
            throw new SafetensorsFormatException(file, name, "data_offsets " + offsets + " end before they begin");
        }
        if (end > dataSize) {
            throw new SafetensorsFormatException(file, name, "truncated or out of range: data_offsets " + offsets
                    + " reach past the " + dataSize + "-byte data section");
        }
        long expectedBytes;
        try {
            expectedBytes = Math.multiplyExact(elements, dtype.bytes());
        } catch (ArithmeticException e) {
            throw new SafetensorsFormatException(file, name, "shape " + shapeNode + " has too many elements");
        }
        if (end - begin != expectedBytes) {
            throw new SafetensorsFormatException(file, name, "data_offsets " + offsets + " hold " + (end - begin)
                    + " bytes, but shape " + shapeNode + " of " + dtype + " needs " + expectedBytes);
        }
        return new TensorEntry(name, dtype, shape, begin, end);
    }

    private static boolean isNonNegativeLong(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file");
            }
            at += read;
        }
    }
}

package org.editgov.memit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.editgov.memit.djl.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    NDManager manager;

    @BeforeAll
    static void offline() {
        Djl.ensureOffline();
    }

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void writtenFileHasTheDocumentedLayout() throws IOException {
        Path file = dir.resolve("a.safetensors");
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("b", manager.create(new float[] {1.5f, -2f}, new Shape(2)));
        tensors.put("a", manager.create(new float[] {3f, 4f, 5f, 6f, 7f, 8f}, new Shape(2, 3)));
        SafetensorsWriter.write(file, tensors, SafetensorsDtype.F32, Map.of("format", "pt"));

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.getLong();
        assertThat(headerLength % 8).isZero();
        String header = new String(Arrays.copyOfRange(bytes.array(), 8, 8 + (int) headerLength), StandardCharsets.UTF_8);
        assertThat(header.stripTrailing()).isEqualTo("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}");
        assertThat(header.substring(header.stripTrailing().length())).matches(" *");
        assertThat(bytes.capacity()).isEqualTo(8 + headerLength + 32);
        bytes.position((int) (8 + headerLength));
        assertThat(bytes.getFloat()).isEqualTo(3f);
        bytes.position((int) (8 + headerLength + 24));
        assertThat(bytes.getFloat()).isEqualTo(1.5f);

        Map<String, NDArray> read = SafetensorsReader.read(file, manager);
        assertThat(read.get("a").getShape()).isEqualTo(new Shape(2, 3));
        assertThat(read.get("a").toFloatArray()).containsExactly(3f, 4f, 5f, 6f, 7f, 8f);
        assertThat(read.get("b").toFloatArray()).containsExactly(1.5f, -2f);
        assertThat(SafetensorsReader.header(file).metadata()).containsEntry("format", "pt");
    }

    @Test
    void sameTensorsGiveByteIdenticalFilesWhateverTheMapOrder() throws IOException {
        Map<String, NDArray> forward = new LinkedHashMap<>();
        Map<String, NDArray> backward = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            forward.put("t" + i, manager.arange((float) i, i + 3f));
        }
        for (int i = 4; i >= 0; i--) {
            backward.put("t" + i, forward.get("t" + i));
        }
        SafetensorsWriter.write(dir.resolve("1"), forward, SafetensorsDtype.BF16, Map.of());
        SafetensorsWriter.write(dir.resolve("2"), backward, SafetensorsDtype.BF16, Map.of());
        assertThat(dir.resolve("2")).hasSameBinaryContentAs(dir.resolve("1"));
    }

    @Test
    void halfPrecisionRoundingMatchesPyTorch() throws IOException {
        // Normal values, halfway cases, subnormals, overflow and specials of both formats.
        float[] special = {0f, -0f, 1f, -1f, 65504f, 65520f, 1e5f, 6.1e-5f, 5.96e-8f, 2.98e-8f, 1e-10f,
                1.00048828125f, 1.00146484375f, 3.3895314e38f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, 1.0078125f, 1.00390625f, 1.01171875f};
        float[] values = Arrays.copyOf(special, special.length + 20_000);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = special.length; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-9, 6)));
        }
        NDArray tensor = manager.create(values);

        Path f16 = dir.resolve("f16");
        SafetensorsWriter.write(f16, Map.of("x", tensor), SafetensorsDtype.F16, Map.of());
        float[] ours = SafetensorsReader.read(f16, manager).get("x").toFloatArray();
        float[] torch = tensor.toType(DataType.FLOAT16, true).toType(DataType.FLOAT32, true).toFloatArray();
        for (int i = 0; i < values.length; i++) {
            assertThat(Float.floatToIntBits(ours[i])).as("F16 of " + values[i]).isEqualTo(Float.floatToIntBits(torch[i]));
        }

        // DJL 0.36's PyTorch engine aborts the JVM on toType(BFLOAT16), so BF16 is checked against
        // a nearest-candidate search in double instead of the engine.
        Path bf16 = dir.resolve("bf16");
        SafetensorsWriter.write(bf16, Map.of("x", tensor), SafetensorsDtype.BF16, Map.of());
        ours = SafetensorsReader.read(bf16, manager).get("x").toFloatArray();
        for (int i = 0; i < values.length; i++) {
            assertThat(Float.floatToIntBits(ours[i])).as("BF16 of " + values[i])
                    .isEqualTo(Float.floatToIntBits(nearestBfloat16(values[i])));
        }
    }

    /** The bfloat16 nearest to x (ties to even mantissa), found by comparing the two candidates around it. */
    private static float nearestBfloat16(float x) {
        if (Float.isInfinite(x) || x == 0f) {
            return x;
        }
        int bits = Float.floatToIntBits(x);
        int lowBits = bits & 0xFFFF0000;
        int highBits = lowBits + 0x10000;
        double low = Float.intBitsToFloat(lowBits);
        double high = (highBits & 0x7FFFFFFF) == 0x7F800000
                ? Math.copySign(Math.scalb(1.0, 128), x)
                : Float.intBitsToFloat(highBits);
        double toLow = Math.abs(x - low);
        double toHigh = Math.abs(high - x);
        boolean takeHigh = toHigh < toLow || (toHigh == toLow && (lowBits & 0x10000) != 0);
        return takeHigh ? Float.intBitsToFloat(highBits) : (float) low;
    }

    @Test
    void fileShorterThanTheLengthFieldIsTruncated() throws IOException {
        Path file = Files.write(dir.resolve("short.safetensors"), new byte[] {1, 2, 3});
        assertRejected(file, "truncated");
    }

    @Test
    void hostileHugeHeaderLengthIsRejectedBeforeAllocating() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE / 2);
        assertRejected(Files.write(dir.resolve("huge.safetensors"), bytes.array()), "limit");
        bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8);
        assertRejected(Files.write(dir.resolve("negative.safetensors"), bytes.array()), "limit");
        bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(4096);
        assertRejected(Files.write(dir.resolve("long.safetensors"), bytes.array()), "truncated");
    }

    @Test
    void malformedHeadersAreRejectedNamingTheTensor() throws IOException {
        assertRejected(file("{not json", 0), "not valid JSON");
        assertRejected(file("[1,2]", 0), "not a JSON object");
        assertRejected(file("{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "'w'", "I64");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "'w'", "needs 12");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "'w'", "invalid dimension");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8), "'w'", "end before");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8), "'w'", "truncated");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}}", 8),
                "'w'", "data_offsets");
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8),
                "'w'", "too many elements");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "'b'", "overlap tensor 'a'");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "Duplicate field 'a'");
        assertRejected(file("{\"__metadata__\":{\"n\":1}}", 0), "__metadata__");
    }

    @Test
    void fileCutInsideTheDataIsTruncated() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        SafetensorsWriter.write(file, Map.of("w", manager.ones(new Shape(64))), SafetensorsDtype.F32, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
        assertRejected(file, "'w'", "truncated");
    }

    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json);
        return Files.write(Files.createTempFile(dir, "hostile", ".safetensors"), bytes.array());
    }

    @Test
    void concurrentWritersOfOneFileEachSucceedAndLeaveOneCompleteFileAndNoTemporary() throws Exception {
        Path file = dir.resolve("shared.safetensors");
        float[] values = new float[64 * 64];
        Arrays.fill(values, 0.25f);
        NDArray tensor = manager.create(values, new Shape(64, 64));
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        SafetensorsWriter.write(file, Map.of("m", tensor), SafetensorsDtype.F32, Map.of());
                    }
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        } finally {
            writers.shutdown();
        }

        assertThat(SafetensorsReader.read(file, manager).get("m").toFloatArray()).containsExactly(values);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("shared.safetensors");
        }
    }

    private void assertRejected(Path file, String... mentions) {
        assertThatThrownBy(() -> SafetensorsReader.read(file, manager))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContainingAll(mentions)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}

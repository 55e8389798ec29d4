package org.editgov.audit.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.editgov.contracts.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The verifier's view of the artifact store against stores the editor worker really wrote: its local default
 * root ({@code editor-worker/.local/artifacts}) and the stores its flow tests leave under its {@code target/}.
 * Every delta named by the result events the worker keeps in {@code outcomes/} is logged at
 * {@code deltas/<sha256>.safetensors} and found there with its hash and size. Skipped where no such store exists.
 */
class WorkerArtifactStoreTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path WORKER = Path.of("..", "editor-worker");

    record Delta(String sha256, long sizeBytes, String location, Path store) {
    }

    @Test
    void everyDeltaTheWorkerAnnouncedIsFoundAtItsLoggedLocationWithItsHash() throws IOException {
        List<Delta> deltas = announcedDeltas();
        assumeTrue(!deltas.isEmpty(), "no editor-worker artifact store with outcomes under " + WORKER.toAbsolutePath());

        for (Delta d : deltas) {
            assertThat(d.location()).isEqualTo("deltas/" + d.sha256() + ".safetensors");
            ArtifactStore store = new ArtifactStore(d.store());
            assertThat(store.deltaFile(d.sha256())).isEqualTo(d.store().toAbsolutePath().normalize().resolve(d.location()));
            assertThat(store.mismatch(d.sha256(), d.sizeBytes())).as(d.toString()).isNull();
        }
    }

    @Test
    void aChangedByteOfARealDeltaIsNamed(@TempDir Path copy) throws IOException {
        List<Delta> deltas = announcedDeltas();
        assumeTrue(!deltas.isEmpty(), "no editor-worker artifact store with outcomes under " + WORKER.toAbsolutePath());
        Delta d = deltas.get(0);
        byte[] bytes = Files.readAllBytes(d.store().resolve(d.location()));
        bytes[bytes.length / 2] ^= 0x01;
        Path file = Files.createDirectories(copy.resolve("deltas")).resolve(d.sha256() + ".safetensors");
        Files.write(file, bytes);

        assertThat(new ArtifactStore(copy).mismatch(d.sha256(), d.sizeBytes()))
                .isEqualTo("hashes to " + Sha256.hex(bytes) + " in " + file.toAbsolutePath());
    }

    /** The deltas of the model.version.committed / batch.completed events in each store's outcomes/, by hash. */
    private static List<Delta> announcedDeltas() throws IOException {
        List<Path> stores = new ArrayList<>();
        stores.add(WORKER.resolve(".local/artifacts"));
        Path its = WORKER.resolve("target/worker-it");
        if (Files.isDirectory(its)) {
            try (Stream<Path> runs = Files.list(its)) {
                runs.map(r -> Files.isDirectory(r.resolve("artifacts")) ? r.resolve("artifacts") : r).forEach(stores::add);
            }
        }
        Map<String, Delta> deltas = new LinkedHashMap<>();
        for (Path store : stores) {
            if (!Files.isDirectory(store.resolve("outcomes")) || !Files.isDirectory(store.resolve("deltas"))) {
                continue;
            }
            List<Path> outcomes;
            try (Stream<Path> files = Files.walk(store.resolve("outcomes"))) {
                outcomes = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            }
            for (Path outcome : outcomes) {
                JsonNode events;
                try {
                    events = MAPPER.readTree(outcome.toFile());
                } catch (JsonProcessingException e) {
                    // The worker's own tests leave cut-off outcome files behind to simulate a crash mid-write.
                    continue;
                }
                for (JsonNode event : events) {
                    JsonNode delta = event.path("payload").path("delta");
                    if (delta.path("sha256").isTextual()) {
                        deltas.putIfAbsent(store + "/" + delta.path("sha256").asText(), new Delta(
                                delta.path("sha256").asText(), delta.path("sizeBytes").asLong(),
                                delta.path("location").asText(), store));
                    }
                }
            }
        }
        return new ArrayList<>(deltas.values());
    }
}

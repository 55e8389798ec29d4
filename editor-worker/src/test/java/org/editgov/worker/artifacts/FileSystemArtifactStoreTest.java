package org.editgov.worker.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.editgov.contracts.ArtifactRef;
import org.editgov.contracts.DeltaRef;
import org.editgov.contracts.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemArtifactStoreTest {

    @TempDir
    Path folder;

    Path modelFolder(String weights) throws Exception {
        Path model = Files.createDirectories(folder.resolve("source-" + weights));
        Files.writeString(model.resolve("config.json"), "{\"n_layer\":2}");
        Files.writeString(model.resolve("model.safetensors"), weights);
        Files.writeString(model.resolve("tokenizer.json"), "{}");
        return model;
    }

    @Test
    void aModelIsStoredUnderTheHashOfItsFilesAndStoringItAgainChangesNothing() throws Exception {
        FileSystemArtifactStore store = new FileSystemArtifactStore(folder.resolve("store"));
        Path source = modelFolder("weights-a");

        ArtifactRef first = store.putModel(source);
        ArtifactRef again = store.putModel(source);
        ArtifactRef other = store.putModel(modelFolder("weights-b"));

        String manifest = "config.json " + Sha256.hexOfFile(source.resolve("config.json")) + "\n"
                + "model.safetensors " + Sha256.hexOfFile(source.resolve("model.safetensors")) + "\n"
                + "tokenizer.json " + Sha256.hexOfFile(source.resolve("tokenizer.json")) + "\n";
        assertThat(first.sha256()).isEqualTo(Sha256.hex(manifest.getBytes(StandardCharsets.UTF_8)));
        assertThat(again).isEqualTo(first);
        assertThat(other.sha256()).isNotEqualTo(first.sha256());
        assertThat(store.modelFolder(first.sha256()).resolve("model.safetensors")).hasContent("weights-a");
        assertThat(store.root().resolve(first.location())).isEqualTo(store.modelFolder(first.sha256()));
        assertThat(workLeftovers(store)).isZero();
    }

    @Test
    void aDeltaIsStoredUnderItsSha256WithItsSize() throws Exception {
        FileSystemArtifactStore store = new FileSystemArtifactStore(folder.resolve("store"));
        Path delta = Files.write(folder.resolve("delta.safetensors"), new byte[] {1, 2, 3, 4, 5});

        DeltaRef ref = store.putDelta(delta);

        assertThat(ref.sha256()).isEqualTo(Sha256.hexOfFile(delta));
        assertThat(ref.sizeBytes()).isEqualTo(5);
        assertThat(store.deltaFile(ref.sha256())).hasBinaryContent(new byte[] {1, 2, 3, 4, 5});
    }

    @Test
    void halfWrittenWorkIsNeverVisibleAsAnArtifact() throws Exception {
        FileSystemArtifactStore store = new FileSystemArtifactStore(folder.resolve("store"));
        // What a worker killed while copying leaves behind: a work folder with part of a model.
        Path work = store.newWorkFolder();
        Files.writeString(work.resolve("config.json"), "{\"n_layer\":2}");

        assertThat(store.root().resolve("models")).isEmptyDirectory();
        ArtifactRef ref = store.putModel(modelFolder("weights-a"));
        try (Stream<Path> models = Files.list(store.root().resolve("models"))) {
            assertThat(models.toList()).containsExactly(store.modelFolder(ref.sha256()));
        }
        assertThatThrownBy(() -> store.modelFolder("0".repeat(64))).hasMessageContaining("has no model");
    }

    @Test
    void theVersionIndexIsReplacedWholeAndReadBack() throws Exception {
        FileSystemArtifactStore store = new FileSystemArtifactStore(folder.resolve("store"));
        ArtifactRef original = store.putModel(modelFolder("weights-a"));
        VersionIndex index = VersionIndex.initial("model/with odd id", original.sha256(), original.location(),
                Instant.parse("2026-11-25T08:00:00Z"));
        store.writeVersions(index);
        VersionIndex next = index.commit(new VersionIndex.Version(1, 0, original.sha256(), original.location(), "ab".repeat(32),
                10L, "deltas/x", "batch-1", null, "event-1", Instant.parse("2026-11-25T09:00:00Z")));
        store.writeVersions(next);

        VersionIndex read = store.versions("model/with odd id").orElseThrow();
        assertThat(read).isEqualTo(next);
        assertThat(read.current()).isEqualTo(1);
        assertThat(read.byBatch("batch-1")).map(VersionIndex.Version::version).contains(1);
        assertThat(store.versions("another")).isEmpty();
        assertThatThrownBy(() -> next.commit(next.currentVersion())).hasMessageContaining("already has version 1");
        assertThat(workLeftovers(store)).isZero();
    }

    @Test
    void anOutcomeIsRecordedAndReplaced() {
        FileSystemArtifactStore store = new FileSystemArtifactStore(folder.resolve("store"));
        store.writeOutcome("m", "batch-1", "[1]".getBytes(StandardCharsets.UTF_8));
        store.writeOutcome("m", "batch-1", "[2]".getBytes(StandardCharsets.UTF_8));

        assertThat(store.outcome("m", "batch-1")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("[2]"));
        assertThat(store.outcome("m", "batch-2")).isEmpty();
    }

    private static long workLeftovers(FileSystemArtifactStore store) throws Exception {
        try (Stream<Path> entries = Files.list(store.root().resolve("work"))) {
            return entries.count();
        }
    }

    @Test
    void workFoldersOlderThanTheGivenAgeAreRemovedAndYoungerOnesKept() throws Exception {
        FileSystemArtifactStore store = new FileSystemArtifactStore(folder.resolve("store"));
        Instant now = Instant.now();
        Path left = store.newWorkFolder();
        Files.writeString(left.resolve("model.safetensors"), "half written");
        Files.setLastModifiedTime(left, FileTime.from(now.minus(Duration.ofHours(5))));
        Path running = store.newWorkFolder();

        assertThat(store.removeStaleWork(Duration.ofHours(4), now)).isEqualTo(1);

        assertThat(left).doesNotExist();
        assertThat(running).isDirectory();
    }
}

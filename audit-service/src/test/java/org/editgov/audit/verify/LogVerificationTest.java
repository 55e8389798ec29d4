package org.editgov.audit.verify;

import org.editgov.audit.signing.Ed25519Keys;
import org.editgov.audit.signing.LogSigner;
import org.editgov.audit.signing.TreeHead;
import org.editgov.audit.support.Flow;
import org.editgov.audit.wire.InclusionProofJson;
import org.editgov.audit.wire.LogEntryJson;
import org.editgov.audit.wire.TreeHeadJson;
import org.editgov.contracts.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verifier against a log built like the service's, intact and damaged in each way it must detect. */
class LogVerificationTest {

    private static final int BATCH = 4;

    // Built once: signing is the slow part; each test damages its own copy.
    private static final List<Flow> flows = List.of(new Flow(1), new Flow(2), new Flow(3));
    private static final InMemoryLog PRISTINE = new InMemoryLog(flows, BATCH);

    private final InMemoryLog log = new InMemoryLog(PRISTINE);

    private VerificationReport verify() throws VerificationFailure {
        return new LogVerification(log.keys.getPublic(), null).verify(log, List.of());
    }

    @Test
    void intactLogVerifiesWithEveryHeadAndProof() throws Exception {
        log.addProofs();
        VerificationReport report = verify();
        assertThat(report.entries()).isEqualTo(log.size()).isEqualTo(33);
        assertThat(report.heads()).isEqualTo(log.heads.size());
        assertThat(report.consistencyProofs()).isEqualTo(log.heads.size() - 1);
        assertThat(report.inclusionProofs()).isEqualTo(log.size());
    }

    @Test
    void everySingleCharacterChangeOfAnEntryIsNamed() {
        for (int index : new int[] {0, 7, 32}) {
            LogEntryJson original = log.entries.get(index);
            String content = original.canonicalEntry();
            int at = content.indexOf("\"modelId\":\"") + 11;
            String altered = content.substring(0, at) + (char) (content.charAt(at) ^ 1) + content.substring(at + 1);
            log.entries.set(index, new LogEntryJson(index, original.leafHash(), original.signature(), altered, null));
            assertThatThrownBy(this::verify).isInstanceOf(VerificationFailure.class)
                    .hasMessageStartingWith("entry " + index + " (")
                    .hasMessageContaining("its content was altered");
            log.entries.set(index, original);
        }
    }

    @Test
    void changedEntryWithARecomputedLeafHashIsNamedByItsSignature() {
        LogEntryJson original = log.entries.get(21);
        String altered = original.canonicalEntry().replace("\"actor\":{\"id\":\"", "\"actor\":{\"id\":\"x");
        String leaf = HexFormat.of().formatHex(org.editgov.audit.merkle.MerkleHashing.leafHash(
                altered.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        log.entries.set(21, new LogEntryJson(21, leaf, original.signature(), altered, null));
        assertThatThrownBy(this::verify).hasMessageStartingWith("entry 21 (")
                .hasMessageEndingWith("does not match what the log signed: its content was altered");
    }

    @Test
    void damagedEntrySignatureIsFoundOnlyWhenEveryOneIsChecked() throws Exception {
        LogEntryJson original = log.entries.get(2);
        LogEntryJson otherSigned = log.entries.get(3);
        log.entries.set(2, new LogEntryJson(2, original.leafHash(), otherSigned.signature(), original.canonicalEntry(),
                null));
        assertThat(verify().entries()).isEqualTo(33);
        assertThatThrownBy(() -> new LogVerification(log.keys.getPublic(), null).checkingEveryEntrySignature(true)
                .verify(log, List.of())).hasMessageStartingWith("entry 2 (").hasMessageEndingWith("its content was altered");
    }

    @Test
    void missingEntryIsNamed() {
        log.entries.remove(5);
        assertThatThrownBy(this::verify).hasMessage("entry 5 is missing: the log goes from entry 4 to 6");
    }

    @Test
    void missingLastEntryIsNamed() {
        log.entries.remove(log.entries.size() - 1);
        assertThatThrownBy(this::verify).hasMessageStartingWith("entry 32 is missing: the log ends at entry 31");
    }

    @Test
    void swappedEntriesAreNamedAtTheFirstPosition() {
        LogEntryJson a = log.entries.get(9);
        LogEntryJson b = log.entries.get(10);
        // Swap the rows' contents but keep each row's index, as reordering two rows of the table does.
        log.entries.set(9, new LogEntryJson(9, b.leafHash(), b.signature(), b.canonicalEntry(), null));
        log.entries.set(10, new LogEntryJson(10, a.leafHash(), a.signature(), a.canonicalEntry(), null));
        assertThatThrownBy(this::verify).hasMessageStartingWith("entry 9 (")
                .hasMessageEndingWith("was written for index 10: entries were moved");
    }

    @Test
    void reorderedRowsAreDetected() {
        Collections.swap(log.entries, 3, 4);
        assertThatThrownBy(this::verify).hasMessage("entry 3 is missing: the log goes from entry 2 to 4");
    }

    @Test
    void headSignedByAnotherKeyIsRejected() {
        LogSigner forger = new LogSigner(Ed25519Keys.generate());
        TreeHeadJson real = log.heads.get(3);
        TreeHeadJson forged = TreeHeadJson.of(forger.sign(real.toSigned().head()));
        log.heads.set(3, new TreeHeadJson(real.treeSize(), real.rootHash(), real.timestamp(), real.keyId(),
                forged.signature()));
        assertThatThrownBy(this::verify).hasMessage("tree head of size " + real.treeSize()
                + " has a signature this log's key did not make over its content");
    }

    @Test
    void headWithAnotherRootIsRejectedEvenWhenProperlySigned() throws Exception {
        TreeHeadJson real = log.heads.get(2);
        byte[] root = HexFormat.of().parseHex(real.rootHash());
        root[0] ^= 1;
        TreeHead bent = new TreeHead(real.treeSize(), root, real.toSigned().head().timestamp());
        log.heads.set(2, TreeHeadJson.of(new LogSigner(log.keys).sign(bent)));
        assertThatThrownBy(this::verify).hasMessageContaining("are not consistent");
    }

    @Test
    void wrongPublicKeyFailsAtTheFirstHead() {
        assertThatThrownBy(() -> new LogVerification(Ed25519Keys.generate().getPublic(), null).verify(log, List.of()))
                .hasMessageStartingWith("tree head of size 0 names key");
    }

    @Test
    void knownHeadOfARewrittenLogIsDetected() throws Exception {
        InMemoryLog other = new InMemoryLog(List.of(new Flow(9)), BATCH);
        TreeHeadJson earlier = TreeHeadJson.of(new LogSigner(log.keys).sign(new TreeHead(other.heads.get(1).treeSize(),
                HexFormat.of().parseHex(other.heads.get(1).rootHash()), other.heads.get(1).toSigned().head().timestamp())));
        assertThatThrownBy(() -> new LogVerification(log.keys.getPublic(), null).verify(log, List.of(earlier)))
                .hasMessageContaining("different roots");
    }

    @Test
    void badInclusionProofIsNamed() {
        log.addProofs();
        LogEntryJson e = log.entries.get(12);
        List<String> path = new ArrayList<>(e.inclusionProof().path());
        path.set(1, "00".repeat(32));
        log.entries.set(12, new LogEntryJson(12, e.leafHash(), e.signature(), e.canonicalEntry(),
                new InclusionProofJson(12, e.inclusionProof().treeSize(), path)));
        assertThatThrownBy(this::verify).hasMessageStartingWith("entry 12 is not in the signed tree head of size 33");
    }

    @Test
    void weightDeltasAreCheckedAgainstTheArtifactStore(@TempDir Path store) throws Exception {
        for (Flow flow : flows) {
            flow.storeDeltaIn(store, flow.deltaBytes);
        }
        VerificationReport report = new LogVerification(log.keys.getPublic(), new ArtifactStore(store)).verify(log, List.of());
        assertThat(report.deltasChecked()).isEqualTo(3);

        Flow second = flows.get(1);
        byte[] damaged = second.deltaBytes.clone();
        damaged[100] ^= 1;
        Path file = second.storeDeltaIn(store, damaged);
        assertThatThrownBy(() -> new LogVerification(log.keys.getPublic(), new ArtifactStore(store)).verify(log, List.of()))
                .hasMessage("entry 16 (batch.completed event " + second.events.get(5).eventId() + ") names weight delta "
                        + second.deltaSha + ", which hashes to " + Sha256.hex(damaged) + " in " + file.toAbsolutePath());

        Files.delete(file);
        assertThatThrownBy(() -> new LogVerification(log.keys.getPublic(), new ArtifactStore(store)).verify(log, List.of()))
                .hasMessageContaining("names weight delta " + second.deltaSha + ", which is not in the artifact store: "
                        + file.toAbsolutePath() + " does not exist");
        VerificationReport scoped = new LogVerification(log.keys.getPublic(), new ArtifactStore(store),
                Set.of(flows.get(0).modelId)).verify(log, List.of());
        assertThat(scoped.deltasChecked()).isEqualTo(1);
    }

    @Test
    void aDeltaOutsideTheWorkersLayoutIsNotFound(@TempDir Path store) throws Exception {
        Flow first = flows.get(0);
        Files.createDirectories(store.resolve("deltas"));
        // Where older verifier versions also looked: the bare hash, fanned out, or under sha256/.
        Files.write(store.resolve(first.deltaSha), first.deltaBytes);
        Files.write(Files.createDirectories(store.resolve(first.deltaSha.substring(0, 2))).resolve(first.deltaSha),
                first.deltaBytes);
        Files.write(store.resolve("deltas").resolve(first.deltaSha), first.deltaBytes);

        assertThatThrownBy(() -> new LogVerification(log.keys.getPublic(), new ArtifactStore(store),
                Set.of(first.modelId)).verify(log, List.of()))
                .hasMessageContaining("names weight delta " + first.deltaSha + ", which is not in the artifact store");
    }

    @Test
    void aFolderThatIsNotAnArtifactStoreIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> new ArtifactStore(dir)).isInstanceOf(SourceException.class)
                .hasMessageContaining("has no deltas/ folder");
        assertThatThrownBy(() -> new ArtifactStore(dir.resolve("absent"))).isInstanceOf(SourceException.class)
                .hasMessageContaining("is not a folder");
    }

    @Test
    void artifactsOptionAloneMeansTheWorkersDefaultRoot(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Ed25519Keys.toPem(log.keys.getPublic()));
        Path absent = Path.of(ArtifactStore.DEFAULT_ROOT);
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(absent), absent.toAbsolutePath() + " exists here");
        java.io.StringWriter err = new java.io.StringWriter();
        int code = AuditVerify.run(new String[] {"--public-key", key.toString(), "--artifacts", "--export",
                dir.resolve("log.json").toString()}, new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: artifact store .local/artifacts is not a folder");
    }

    @Test
    void cliExportsExitCodesAndOneLine(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Ed25519Keys.toPem(log.keys.getPublic()));
        java.io.StringWriter err = new java.io.StringWriter();
        int code = AuditVerify.run(new String[] {"--public-key", key.toString(), "--export", dir.resolve("none.json").toString()},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("error: cannot read the export").doesNotContain("\n");
    }
}

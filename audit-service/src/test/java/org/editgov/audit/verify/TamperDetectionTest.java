package org.editgov.audit.verify;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.editgov.audit.log.LogStore;
import org.editgov.audit.signing.Ed25519Keys;
import org.editgov.audit.signing.LogSigner;
import org.editgov.audit.signing.TreeHead;
import org.editgov.audit.support.Flow;
import org.editgov.audit.support.LogAwait;
import org.editgov.audit.support.Publisher;
import org.editgov.audit.support.Users;
import org.editgov.contracts.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/audit-verify against the running service and its real database, before and after someone with write
 * access to PostgreSQL changes history. Each test undoes its damage, so the log verifies again afterwards.
 */
@QuarkusTest
class TamperDetectionTest {

    @Inject
    LogStore store;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URL service;

    private static final Flow flow = new Flow(31);
    private static final List<Long> indices = new ArrayList<>();
    private static Path dir;
    private static Path publicKey;
    private static Path artifacts;

    record Outcome(int code, String out, String err) {
    }

    // Once, before the first test; not @BeforeAll, which runs before Quarkus has pointed RestAssured at the service.
    @BeforeEach
    void logAFlowAndKeepItsDeltaOnce() throws Exception {
        if (dir != null) {
            return;
        }
        try (Publisher publisher = new Publisher()) {
            publisher.publish(flow.events);
        }
        LogAwait.allAppended(store, flow.eventIds());
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select idx from log_entry where model_id = ? order by idx")) {
            s.setString(1, flow.modelId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    indices.add(r.getLong(1));
                }
            }
        }
        dir = Files.createTempDirectory("audit-verify-test");
        publicKey = dir.resolve("log-ed25519-public.pem");
        Files.writeString(publicKey, given().get("/api/log/public-key").then().statusCode(200).extract().asString());
        artifacts = dir.resolve("artifacts");
        flow.storeDeltaIn(artifacts, flow.deltaBytes);
    }

    private Outcome verify(String... extra) {
        List<String> args = new ArrayList<>(List.of("--public-key", publicKey.toString(), "--token", Users.token("ada")));
        args.addAll(List.of(extra));
        if (!args.contains("--export")) {
            args.addAll(List.of("--url", service.toString()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AuditVerify.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString().strip(), err.toString().strip());
    }

    @Test
    void intactLogVerifiesWithItsDeltasFromTheServiceAndFromAnExport() throws Exception {
        Outcome online = verify("--artifacts", artifacts.toString(), "--delta-model", flow.modelId);
        assertThat(online.code()).as(online.err()).isZero();
        assertThat(online.out()).startsWith("OK: ").contains("1 weight deltas").doesNotContain("\n");

        Path export = dir.resolve("export.json");
        Files.write(export, given().header("Authorization", Users.bearer("ada")).get("/api/log/export").then()
                .statusCode(200).extract().asByteArray());
        Outcome offline = verify("--export", export.toString(), "--artifacts", artifacts.toString(), "--delta-model",
                flow.modelId);
        assertThat(offline.code()).as(offline.err()).isZero();

        byte[] damaged = flow.deltaBytes.clone();
        damaged[7] ^= 0x10;
        Path badStore = dir.resolve("bad-artifacts");
        Path badFile = flow.storeDeltaIn(badStore, damaged);
        Outcome bad = verify("--export", export.toString(), "--artifacts", badStore.toString(), "--delta-model",
                flow.modelId);
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("FAIL: entry ").contains("names weight delta " + flow.deltaSha
                + ", which hashes to " + Sha256.hex(damaged) + " in " + badFile.toAbsolutePath());
    }

    @Test
    void changingOneByteOfOneStoredEntryIsNamed() throws SQLException {
        long index = indices.get(3);
        String original = entryJson(index);
        int at = original.indexOf("\"modelId\":\"") + 11;
        String altered = original.substring(0, at) + (char) (original.charAt(at) ^ 1) + original.substring(at + 1);
        update("update log_entry set entry_json = ? where idx = ?", altered, index);
        try {
            Outcome outcome = verify();
            assertThat(outcome.code()).isEqualTo(1);
            assertThat(outcome.err()).startsWith("FAIL: entry " + index + " (").endsWith("its content was altered")
                    .doesNotContain("\n");
        } finally {
            update("update log_entry set entry_json = ? where idx = ?", original, index);
        }
        assertThat(verify().code()).isZero();
    }

    @Test
    void deletingARowIsNamed() throws Exception {
        long index = indices.get(2);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            execute(c, "create temporary table saved as select * from log_entry where idx = " + index);
            execute(c, "delete from log_entry where idx = " + index);
            try {
                String expected = "FAIL: entry " + index + " is missing: the log goes from entry " + (index - 1)
                        + " to " + (index + 1);
                Outcome outcome = verify();
                assertThat(outcome.code()).isEqualTo(1);
                assertThat(outcome.err()).isEqualTo(expected);
                Outcome offline = verify("--export", export("deleted-row.json").toString());
                assertThat(offline.code()).isEqualTo(1);
                assertThat(offline.err()).isEqualTo(expected);
            } finally {
                execute(c, "insert into log_entry select * from saved");
            }
        }
        assertThat(verify().code()).isZero();
    }

    @Test
    void deletingTheLastRowIsNamed() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            long last;
            try (PreparedStatement s = c.prepareStatement("select max(idx) from log_entry");
                 ResultSet r = s.executeQuery()) {
                r.next();
                last = r.getLong(1);
            }
            execute(c, "create temporary table saved_last as select * from log_entry where idx = " + last);
            execute(c, "delete from log_entry where idx = " + last);
            try {
                // The signed heads still cover it; an entry appended meanwhile makes it a gap, named the same way.
                Outcome outcome = verify();
                assertThat(outcome.code()).isEqualTo(1);
                assertThat(outcome.err()).startsWith("FAIL: entry " + last + " is missing: the log ");
            } finally {
                execute(c, "insert into log_entry select * from saved_last");
                execute(c, "drop table saved_last");
            }
        }
        assertThat(verify().code()).isZero();
    }

    @Test
    void reorderingTwoRowsIsNamed() throws Exception {
        long a = indices.get(4);
        long b = indices.get(5);
        String swap = "update log_entry t set entry_json = o.entry_json, leaf_hash = o.leaf_hash,"
                + " signature = o.signature from log_entry o where (t.idx, o.idx) in ((?, ?), (?, ?))";
        update(swap, a, b, b, a);
        try {
            Outcome outcome = verify();
            assertThat(outcome.code()).isEqualTo(1);
            assertThat(outcome.err()).startsWith("FAIL: entry " + a + " (")
                    .endsWith("was written for index " + b + ": entries were moved");
            Outcome offline = verify("--export", export("reordered-rows.json").toString());
            assertThat(offline.code()).isEqualTo(1);
            assertThat(offline.err()).isEqualTo(outcome.err());
        } finally {
            update(swap, a, b, b, a);
        }
        assertThat(verify().code()).isZero();
    }

    @Test
    void treeHeadSignedWithAnotherKeyIsRejected() throws SQLException {
        long size;
        byte[] root;
        String timestamp;
        byte[] signature;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select tree_size, root_hash, timestamp_text, signature from tree_head where tree_size > ?"
                        + " order by tree_size limit 1")) {
            s.setLong(1, indices.get(indices.size() - 1));
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                size = r.getLong(1);
                root = r.getBytes(2);
                timestamp = r.getString(3);
                signature = r.getBytes(4);
            }
        }
        byte[] forged = new LogSigner(Ed25519Keys.generate()).sign(new TreeHead(size, root, Instant.parse(timestamp)))
                .signature();
        update("update tree_head set signature = ? where tree_size = ?", forged, size);
        try {
            Outcome outcome = verify();
            assertThat(outcome.code()).isEqualTo(1);
            assertThat(outcome.err()).isEqualTo("FAIL: tree head of size " + size
                    + " has a signature this log's key did not make over its content");
        } finally {
            update("update tree_head set signature = ? where tree_size = ?", signature, size);
        }
        assertThat(verify().code()).isZero();
    }

    @Test
    void wrongTokenOrKeyFailsWithOneLine() throws Exception {
        Outcome noToken = verifyWithToken("");
        assertThat(noToken.code()).isEqualTo(2);
        assertThat(noToken.err()).startsWith("error: GET ").contains("answered 401");
        Outcome alice = verifyWithToken(Users.token("alice"));
        assertThat(alice.err()).contains("answered 403");

        Path otherKey = dir.resolve("other.pem");
        Files.writeString(otherKey, Ed25519Keys.toPem(Ed25519Keys.generate().getPublic()));
        StringWriter err = new StringWriter();
        int code = AuditVerify.run(new String[] {"--public-key", otherKey.toString(), "--url", service.toString(),
                "--token", Users.token("ada")}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("FAIL: tree head of size 0 names key");
    }

    private Outcome verifyWithToken(String token) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AuditVerify.run(new String[] {"--public-key", publicKey.toString(), "--url", service.toString(),
                "--token", token}, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString().strip(), err.toString().strip());
    }

    private static Path export(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, given().header("Authorization", Users.bearer("ada")).get("/api/log/export").then()
                .statusCode(200).extract().asByteArray());
        return file;
    }

    private String entryJson(long index) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select entry_json from log_entry where idx = ?")) {
            s.setLong(1, index);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            assertThat(s.executeUpdate()).isPositive();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        }
    }
}

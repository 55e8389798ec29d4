package org.editgov.audit.log;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.editgov.audit.support.Flow;
import org.editgov.audit.support.Users;
import org.editgov.audit.verify.AuditVerify;
import org.editgov.audit.wire.ProvenEntryJson;
import org.editgov.audit.wire.TreeHeadJson;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two more writers on the same database, as two more instances of the service would be (each with its own
 * in-memory tree), appending at the same time as the service's own consumer: the database lock must keep
 * one history, which the verifier then accepts whole.
 */
@QuarkusTest
class ConcurrentWritersTest {

    @Inject
    LogStore store;

    @Inject
    LogKeys keys;

    @Inject
    AuditLog serving;

    @TestHTTPResource("/")
    URL service;

    @Test
    void twoInstancesAppendingTogetherNeverForkTheLog() throws Exception {
        EventCodec codec = new EventCodec();
        List<AuditLog> instances = List.of(new AuditLog(store, keys), new AuditLog(store, keys));
        List<List<IncomingEvent>> batches = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Flow flow = new Flow(100 + i);
            List<IncomingEvent> batch = new ArrayList<>();
            for (EventEnvelope<?> event : flow.events) {
                batch.add(new IncomingEvent(codec.toTree(event), event));
                ids.add(event.eventId());
            }
            batches.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<AppendResult>> results = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                AuditLog writer = instances.get(i % 2);
                List<IncomingEvent> batch = batches.get(i);
                results.add(pool.submit(() -> writer.append(batch, List.of())));
                // The same batch again through the other writer: all duplicates, whichever commits second.
                AuditLog other = instances.get((i + 1) % 2);
                results.add(pool.submit(() -> other.append(batch, List.of())));
            }
            int appended = 0;
            for (Future<AppendResult> result : results) {
                appended += result.get().appended();
            }
            assertThat(appended).isEqualTo(ids.size());
        } finally {
            pool.shutdown();
        }
        try (Connection c = store.connection()) {
            assertThat(store.existingEventIds(c, ids)).hasSize(ids.size());
        }

        // The service's own instance serves the heads the others signed, catching its tree up to prove them.
        TreeHeadJson sth = given().header("Authorization", Users.bearer("ada")).get("/api/log/sth").then()
                .statusCode(200).extract().as(TreeHeadJson.class);
        ProvenEntryJson last = given().header("Authorization", Users.bearer("ada"))
                .get("/api/log/entries/" + (sth.treeSize() - 1) + "?treeSize=" + sth.treeSize()).then()
                .statusCode(200).extract().as(ProvenEntryJson.class);
        assertThat(keys.verifier().verify(last.treeHead().toSigned())).isTrue();
        assertThat(serving.inclusionProof(sth.treeSize() - 1, sth.treeSize()).treeSize()).isEqualTo(sth.treeSize());

        Path key = Files.createTempFile("audit-key", ".pem");
        Files.writeString(key, keys.publicKeyPem());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AuditVerify.run(new String[] {"--public-key", key.toString(), "--url", service.toString(),
                "--token", Users.token("ada")}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
    }
}

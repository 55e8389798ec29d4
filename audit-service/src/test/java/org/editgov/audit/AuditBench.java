package org.editgov.audit;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.editgov.audit.log.AuditLog;
import org.editgov.audit.log.IncomingEvent;
import org.editgov.audit.log.LogKeys;
import org.editgov.audit.log.LogStore;
import org.editgov.audit.merkle.MerkleHashing;
import org.editgov.audit.merkle.MerkleVerifier;
import org.editgov.audit.support.Flow;
import org.editgov.audit.support.LogAwait;
import org.editgov.audit.support.Publisher;
import org.editgov.audit.support.Users;
import org.editgov.audit.verify.AuditVerify;
import org.editgov.audit.wire.ProvenEntryJson;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.restassured.RestAssured.given;

/**
 * Speed of the audit log on this machine, through the running service and its real servers. Not part of the
 * test suite (its name does not end in Test); run it with
 * <pre>mvn -B -o -pl audit-service test -Dtest=AuditBench [-Daudit.bench.flows=1000]</pre>
 * It prints: events appended per second through Kafka (publish to appended), appends per second through
 * {@link AuditLog#append} alone in batches of 500, the time to fetch and to verify inclusion proofs over
 * HTTP, and bin/audit-verify's time over the whole log.
 */
@QuarkusTest
class AuditBench {

    @Inject
    LogStore store;

    @Inject
    LogKeys keys;

    @Inject
    AuditLog log;

    @TestHTTPResource("/")
    URL service;

    @Test
    void bench() throws Exception {
        int flows = Integer.getInteger("audit.bench.flows", 500);
        EventCodec codec = new EventCodec();

        List<EventEnvelope<?>> viaKafka = events(flows, 1_000);
        List<String> ids = viaKafka.stream().map(EventEnvelope::eventId).toList();
        long start = System.nanoTime();
        try (Publisher publisher = new Publisher()) {
            publisher.publish(viaKafka);
        }
        LogAwait.allAppended(store, ids);
        double kafkaSeconds = seconds(start);
        report("through Kafka: %d events appended in %.2f s = %.0f appends/s", ids.size(), kafkaSeconds,
                ids.size() / kafkaSeconds);

        List<EventEnvelope<?>> direct = events(flows, 2_000_000);
        List<IncomingEvent> incoming = new ArrayList<>();
        for (EventEnvelope<?> e : direct) {
            incoming.add(new IncomingEvent(codec.toTree(e), e));
        }
        start = System.nanoTime();
        for (int from = 0; from < incoming.size(); from += 500) {
            log.append(incoming.subList(from, Math.min(incoming.size(), from + 500)), List.of());
        }
        double directSeconds = seconds(start);
        report("AuditLog.append, batches of 500: %d events in %.2f s = %.0f appends/s (one signed head per batch)",
                incoming.size(), directSeconds, incoming.size() / directSeconds);

        long size = log.latestHead().head().treeSize();
        int proofs = 500;
        List<ProvenEntryJson> proven = new ArrayList<>();
        start = System.nanoTime();
        for (int i = 0; i < proofs; i++) {
            long index = (long) ((i * 7919L) % size);
            proven.add(given().header("Authorization", Users.bearer("ada"))
                    .get("/api/log/entries/" + index + "?treeSize=" + size).then().statusCode(200).extract()
                    .as(ProvenEntryJson.class));
        }
        double fetchSeconds = seconds(start);
        start = System.nanoTime();
        for (ProvenEntryJson p : proven) {
            byte[] leaf = MerkleHashing.leafHash(p.entry().canonicalEntry().getBytes(StandardCharsets.UTF_8));
            MerkleVerifier.checkInclusion(p.entry().index(), size, leaf, p.entry().inclusionProof().pathBytes(),
                    HexFormat.of().parseHex(p.treeHead().rootHash()));
            keys.verifier().check(p.treeHead().toSigned());
        }
        double verifySeconds = seconds(start);
        report("inclusion proofs in a tree of %d: fetch over HTTP %.2f ms each; verify (proof + head signature) %.3f ms each",
                size, fetchSeconds * 1000 / proofs, verifySeconds * 1000 / proofs);

        Path key = Files.createTempFile("audit-key", ".pem");
        Files.writeString(key, keys.publicKeyPem());
        start = System.nanoTime();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AuditVerify.run(new String[] {"--public-key", key.toString(), "--url", service.toString(),
                "--token", Users.token("ada")}, new PrintWriter(out, true), new PrintWriter(err, true));
        double verifyAll = seconds(start);
        report("audit-verify --url over the whole log: exit %d in %.2f s = %.0f entries/s; %s", code, verifyAll,
                size / verifyAll, (out.toString() + err.toString()).strip());
    }

    private static List<EventEnvelope<?>> events(int flows, long seed) {
        List<EventEnvelope<?>> events = new ArrayList<>();
        for (int i = 0; i < flows; i++) {
            events.addAll(new Flow(seed + i).events);
        }
        return events;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println("[audit-bench] " + String.format(format, args));
    }
}

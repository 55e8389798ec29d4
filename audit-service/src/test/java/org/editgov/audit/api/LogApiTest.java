package org.editgov.audit.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.editgov.audit.log.LogStore;
import org.editgov.audit.merkle.MerkleHashing;
import org.editgov.audit.merkle.MerkleVerifier;
import org.editgov.audit.signing.Ed25519Keys;
import org.editgov.audit.signing.LogVerifier;
import org.editgov.audit.support.Flow;
import org.editgov.audit.support.LogAwait;
import org.editgov.audit.support.Publisher;
import org.editgov.audit.support.Users;
import org.editgov.audit.wire.ConsistencyProofJson;
import org.editgov.audit.wire.ProvenEntryJson;
import org.editgov.audit.wire.TreeHeadJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class LogApiTest {

    @Inject
    LogStore store;

    private static final Flow flow = new Flow(21);
    private static LogVerifier verifier;

    // Once, before the first test; not @BeforeAll, which runs before Quarkus has pointed RestAssured at the service.
    @BeforeEach
    void logAFlowOnce() {
        if (verifier != null) {
            return;
        }
        try (Publisher publisher = new Publisher()) {
            publisher.publish(flow.events);
        }
        LogAwait.allAppended(store, flow.eventIds());
        String pem = given().get("/api/log/public-key").then().statusCode(200).extract().asString();
        verifier = new LogVerifier(Ed25519Keys.publicKeyFromPem(pem));
    }

    private static io.restassured.specification.RequestSpecification as(String user) {
        return given().header("Authorization", Users.bearer(user));
    }

    @Test
    void latestTreeHeadIsSignedByTheServedKey() {
        TreeHeadJson sth = as("ada").get("/api/log/sth").then().statusCode(200).extract().as(TreeHeadJson.class);
        assertThat(verifier.verify(sth.toSigned())).isTrue();
        assertThat(sth.treeSize()).isGreaterThanOrEqualTo(flow.events.size());
    }

    @Test
    void inclusionProofsOfEveryEntryVerifyAgainstTheLatestAndAnEarlierHead() {
        JsonPath history = as("ada").queryParam("model", flow.modelId).get("/api/log/history").then().statusCode(200)
                .extract().jsonPath();
        // Only this flow's own events: a running editor worker may have answered its batch requests.
        List<Long> indices = history.getList("entries.findAll { it.eventId in ['"
                + String.join("','", flow.eventIds()) + "'] }.index", Long.class);
        assertThat(indices).hasSize(flow.events.size());
        long last = indices.stream().mapToLong(Long::longValue).max().orElseThrow();
        TreeHeadJson covering = as("ada").get("/api/log/heads?fromSize=" + (last + 1) + "&limit=1").then()
                .statusCode(200).extract().jsonPath().getList("$", TreeHeadJson.class).get(0);
        for (long index : indices) {
            for (String query : List.of("", "?treeSize=" + covering.treeSize())) {
                ProvenEntryJson proven = as("olga").get("/api/log/entries/" + index + query).then().statusCode(200)
                        .extract().as(ProvenEntryJson.class);
                assertThat(verifier.verify(proven.treeHead().toSigned())).isTrue();
                byte[] leaf = MerkleHashing.leafHash(proven.entry().canonicalEntry().getBytes(StandardCharsets.UTF_8));
                byte[] root = HexFormat.of().parseHex(proven.treeHead().rootHash());
                assertThat(MerkleVerifier.verifyInclusion(index, proven.treeHead().treeSize(), leaf,
                        proven.entry().inclusionProof().pathBytes(), root)).isTrue();
                leaf[0] ^= 1;
                assertThat(MerkleVerifier.verifyInclusion(index, proven.treeHead().treeSize(), leaf,
                        proven.entry().inclusionProof().pathBytes(), root)).isFalse();
            }
        }
    }

    @Test
    void consistencyProofsBetweenSignedHeadsVerify() {
        List<TreeHeadJson> heads = as("ada").get("/api/log/heads?limit=10000").then().statusCode(200).extract()
                .jsonPath().getList("$", TreeHeadJson.class);
        assertThat(heads.size()).isGreaterThan(1);
        List<TreeHeadJson> sample = heads.size() <= 12 ? heads : heads.subList(heads.size() - 12, heads.size());
        for (TreeHeadJson first : sample) {
            for (TreeHeadJson second : sample) {
                if (first.treeSize() > second.treeSize()) {
                    continue;
                }
                ConsistencyProofJson proof = as("ada").get("/api/log/consistency?from=" + first.treeSize() + "&to="
                        + second.treeSize()).then().statusCode(200).extract().as(ConsistencyProofJson.class);
                byte[] firstRoot = HexFormat.of().parseHex(first.rootHash());
                byte[] secondRoot = HexFormat.of().parseHex(second.rootHash());
                assertThat(MerkleVerifier.verifyConsistency(first.treeSize(), second.treeSize(), firstRoot, secondRoot,
                        proof.pathBytes())).as("%d -> %d", first.treeSize(), second.treeSize()).isTrue();
                // Every tree extends the empty one, so only a non-empty first tree constrains the second root.
                if (first.treeSize() > 0 && first.treeSize() < second.treeSize()) {
                    byte[] bent = Arrays.copyOf(secondRoot, 32);
                    bent[31] ^= 1;
                    assertThat(MerkleVerifier.verifyConsistency(first.treeSize(), second.treeSize(), firstRoot, bent,
                            proof.pathBytes())).isFalse();
                }
            }
        }
    }

    /** Every endpoint but the public key, by its OpenAPI path, with a request that reaches it. */
    private Map<String, List<String>> readEndpoints() {
        Map<String, List<String>> endpoints = new TreeMap<>();
        endpoints.put("/api/log/sth", List.of("/api/log/sth"));
        endpoints.put("/api/log/heads", List.of("/api/log/heads?limit=5"));
        endpoints.put("/api/log/entries", List.of("/api/log/entries?from=0&to=5", "/api/log/entries?from=0&to=2&proofs=true"));
        // Heads are signed per batch of appended events, so only the latest size is sure to have one.
        long signed = as("ada").get("/api/log/sth").then().statusCode(200).extract().jsonPath().getLong("treeSize");
        endpoints.put("/api/log/entries/{index}", List.of("/api/log/entries/0", "/api/log/entries/1?treeSize=" + signed));
        endpoints.put("/api/log/consistency", List.of("/api/log/consistency?from=1"));
        endpoints.put("/api/log/history", List.of("/api/log/history", "/api/log/history?model=" + flow.modelId));
        endpoints.put("/api/log/rejected", List.of("/api/log/rejected"));
        endpoints.put("/api/log/export", List.of("/api/log/export"));
        endpoints.put("/api/reports/compliance", List.of("/api/reports/compliance?model=" + flow.modelId,
                "/api/reports/compliance?model=" + flow.modelId + "&format=html"));
        return endpoints;
    }

    @Test
    void theRoleMatrixCoversEveryEndpointTheServicePublishes() {
        JsonPath openApi = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        Set<String> published = new TreeSet<>(openApi.<String, Object>getMap("paths").keySet());
        published.remove("/api/log/public-key");

        assertThat(published).isEqualTo(readEndpoints().keySet());
    }

    @Test
    void onlyAuditorsAndOperatorsRead() {
        for (String path : readEndpoints().values().stream().flatMap(List::stream).toList()) {
            given().get(path).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer"));
            given().header("Authorization", "Bearer not.a.token").get(path).then().statusCode(401);
            // proposer, reviewer, and sam who is both: neither role reads the log.
            for (String user : List.of("alice", "bob", "sam")) {
                as(user).get(path).then().statusCode(403).contentType("application/problem+json")
                        .body("status", equalTo(403));
            }
            for (String user : List.of("ada", "olga")) {
                as(user).get(path).then().statusCode(200);
            }
        }
        given().get("/api/log/public-key").then().statusCode(200).body(startsWith("-----BEGIN PUBLIC KEY-----"));
    }

    @Test
    void badRequestsGetOneLineProblems() {
        as("ada").get("/api/log/entries/-1").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("index must not be negative, got -1"));
        as("ada").get("/api/log/entries/100000000").then().statusCode(404)
                .body("detail", startsWith("no entry 100000000 in the signed tree of size"));
        as("ada").get("/api/log/entries/0?treeSize=100000000").then().statusCode(404)
                .body("detail", equalTo("no signed tree head of size 100000000"));
        as("ada").get("/api/log/consistency?from=5&to=2").then().statusCode(400)
                .body("detail", equalTo("cannot prove consistency from size 5 to the smaller size 2"));
        as("ada").get("/api/log/consistency").then().statusCode(400).body("detail", startsWith("from is required"));
        as("ada").get("/api/log/history?since=yesterday").then().statusCode(400)
                .body("detail", equalTo("since must be an ISO-8601 instant or date, got 'yesterday'"));
        as("ada").get("/api/reports/compliance?model=m&format=pdf").then().statusCode(400)
                .body("detail", equalTo("format must be json or html, got 'pdf'"));
    }

    @Test
    void entryPagesCarryProofsAgainstTheRequestedHead() {
        TreeHeadJson sth = as("ada").get("/api/log/sth").then().extract().as(TreeHeadJson.class);
        JsonPath page = as("ada").get("/api/log/entries?from=0&to=3&proofs=true").then().statusCode(200).extract()
                .jsonPath();
        assertThat(page.getLong("treeHead.treeSize")).isGreaterThanOrEqualTo(sth.treeSize());
        assertThat(page.getList("entries.index", Long.class)).containsExactly(0L, 1L, 2L);
        assertThat(page.getList("entries.inclusionProof.treeSize", Long.class)).containsOnly(page.getLong("treeHead.treeSize"));
    }
}

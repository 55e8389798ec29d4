package org.editgov.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.editgov.audit.merkle.MerkleHashing;
import org.editgov.audit.signing.EntrySignature;
import org.editgov.audit.signing.LogSigner;
import org.editgov.contracts.CanonicalJson;

import java.nio.charset.StandardCharsets;

/**
 * An entry about to be appended at {@code index}: the canonical JSON document that becomes the leaf, its leaf
 * hash and the log's signature over (index, leaf hash).
 *
 * <p>The document is {@code {"format":"editgov-audit-entry-v1","index":i,"eventId":...,"type":...,
 * "occurredAt":...,"actor":{...},"modelId":...,"modelVersion":...,"batchId":...,"editIds":[...],
 * "deltaSha256":...,"deltaSizeBytes":...,"event":{the event exactly as published}}}, nulls omitted. The
 * index is inside the leaf so that an entry read on its own says where it belongs.
 */
public record NewEntry(long index, EntryFacts facts, String canonicalJson, byte[] leafHash, byte[] signature) {

    public static final String FORMAT = "editgov-audit-entry-v1";

    public static NewEntry create(long index, EntryFacts facts, JsonNode event, LogSigner signer) {
        String canonical = new String(CanonicalJson.bytes(document(index, facts, event)), StandardCharsets.UTF_8);
        byte[] leafHash = MerkleHashing.leafHash(canonical.getBytes(StandardCharsets.UTF_8));
        return new NewEntry(index, facts, canonical, leafHash,
                signer.sign(EntrySignature.signingInput(index, leafHash)));
    }

    private static ObjectNode document(long index, EntryFacts facts, JsonNode event) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("format", FORMAT);
        doc.put("index", index);
        doc.put("eventId", facts.eventId());
        doc.put("type", facts.type());
        doc.put("occurredAt", facts.occurredAt().toString());
        ObjectNode actor = doc.putObject("actor");
        actor.put("id", facts.actor().id());
        actor.put("kind", facts.actor().kind().name());
        doc.put("modelId", facts.modelId());
        if (facts.modelVersion() != null) {
            doc.put("modelVersion", facts.modelVersion());
        }
        if (facts.batchId() != null) {
            doc.put("batchId", facts.batchId());
        }
        facts.editIds().forEach(doc.putArray("editIds")::add);
        if (facts.deltaSha256() != null) {
            doc.put("deltaSha256", facts.deltaSha256());
            doc.put("deltaSizeBytes", facts.deltaSizeBytes());
        }
        doc.set("event", event);
        return doc;
    }
}

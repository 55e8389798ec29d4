package org.editgov.audit.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.editgov.audit.log.AuditLog;
import org.editgov.audit.log.HistoryQuery;
import org.editgov.audit.log.LogStore;
import org.editgov.audit.log.RejectedRecord;
import org.editgov.audit.log.StoredEntry;
import org.editgov.audit.signing.SignedTreeHead;
import org.editgov.audit.wire.ConsistencyProofJson;
import org.editgov.audit.wire.EntryPageJson;
import org.editgov.audit.wire.InclusionProofJson;
import org.editgov.audit.wire.LogEntryJson;
import org.editgov.audit.wire.LogExportJson;
import org.editgov.audit.wire.ProvenEntryJson;
import org.editgov.audit.wire.TreeHeadJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The log for auditors and operators: signed tree heads, entries with inclusion proofs, consistency proofs,
 * history queries and the full export for offline verification (RFC 9162 / Rekor style).
 */
@Path("/api/log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.OPERATOR})
public class LogResource {

    static final int MAX_PAGE = 1000;

    private final AuditLog log;
    private final LogStore store;
    private final ObjectMapper mapper;

    public LogResource(AuditLog log, LogStore store, ObjectMapper mapper) {
        this.log = log;
        this.store = store;
        this.mapper = mapper;
    }

    /** The latest signed tree head. */
    @GET
    @Path("/sth")
    public TreeHeadJson sth() {
        return TreeHeadJson.of(log.latestHead());
    }

    /** Signed tree heads with size in [fromSize, ...), smallest first, at most {@code limit} (default 1000). */
    @GET
    @Path("/heads")
    public List<TreeHeadJson> heads(@QueryParam("fromSize") Long fromSize, @QueryParam("limit") Integer limit) {
        long from = Params.nonNegative("fromSize", fromSize, 0);
        int max = Params.limit(limit, MAX_PAGE, 10 * MAX_PAGE);
        return store.heads(from, Long.MAX_VALUE).stream().limit(max).map(TreeHeadJson::of).toList();
    }

    /** The log's Ed25519 public key (PEM, SubjectPublicKeyInfo). Public: it verifies, it cannot sign. */
    @GET
    @Path("/public-key")
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    public Response publicKey() {
        return Response.ok(log.publicKeyPem()).header("X-Log-Key-Id", log.keyId()).build();
    }

    /** One entry with its inclusion proof against the signed head of {@code treeSize} (default: the latest). */
    @GET
    @Path("/entries/{index}")
    public ProvenEntryJson entry(@PathParam("index") long index, @QueryParam("treeSize") Long treeSize) {
        if (index < 0) {
            throw ApiProblem.badRequest("index must not be negative, got " + index);
        }
        SignedTreeHead head = signedHead(treeSize);
        long size = head.head().treeSize();
        if (index >= size) {
            throw ApiProblem.notFound("no entry " + index + " in the signed tree of size " + size);
        }
        StoredEntry entry = store.entry(index)
                .orElseThrow(() -> ApiProblem.notFound("entry " + index + " is missing from the log's database"));
        return new ProvenEntryJson(withProof(entry, size), TreeHeadJson.of(head));
    }

    /**
     * Entries [from, to) (at most 1000, and only those a signed head covers); with {@code proofs=true} or a
     * {@code treeSize}, each carries its inclusion proof against that signed head (default: the latest).
     */
    @GET
    @Path("/entries")
    public EntryPageJson entries(@QueryParam("from") Long from, @QueryParam("to") Long to,
                                 @QueryParam("treeSize") Long treeSize, @QueryParam("proofs") boolean proofs) {
        SignedTreeHead head = signedHead(treeSize);
        long size = head.head().treeSize();
        long start = Params.nonNegative("from", from, 0);
        long end = Math.min(Math.min(Params.nonNegative("to", to, start + 100), start + MAX_PAGE), size);
        if (end < start) {
            end = start;
        }
        boolean withProofs = proofs || treeSize != null;
        List<LogEntryJson> entries = store.entries(start, end).stream()
                .map(e -> withProofs ? withProof(e, size) : plain(e)).toList();
        return new EntryPageJson(start, end, withProofs ? TreeHeadJson.of(head) : null, entries);
    }

    /** The consistency proof from size {@code from} to size {@code to} (default: the latest signed size). */
    @GET
    @Path("/consistency")
    public ConsistencyProofJson consistency(@QueryParam("from") Long from, @QueryParam("to") Long to) {
        if (from == null) {
            throw ApiProblem.badRequest("from is required: the size of the older tree head");
        }
        long second = to == null ? log.latestHead().head().treeSize() : Params.nonNegative("to", to, 0);
        return ConsistencyProofJson.of(log.consistencyProof(Params.nonNegative("from", from, 0), second));
    }

    /**
     * History by model, edit, batch, actor, event type and period ({@code since} inclusive, {@code until}
     * exclusive; ISO-8601 instants or dates), in log order, paged by {@code after} (the last index seen).
     */
    @GET
    @Path("/history")
    public HistoryPageJson history(@QueryParam("model") String model, @QueryParam("edit") String edit,
                                   @QueryParam("batch") String batch, @QueryParam("actor") String actor,
                                   @QueryParam("type") String type, @QueryParam("since") String since,
                                   @QueryParam("until") String until, @QueryParam("after") Long after,
                                   @QueryParam("limit") Integer limit) {
        int max = Params.limit(limit, 100, MAX_PAGE);
        HistoryQuery query = new HistoryQuery(Params.blankToNull(model), Params.blankToNull(edit),
                Params.blankToNull(batch), Params.blankToNull(actor), Params.blankToNull(type),
                Params.instant("since", since), Params.instant("until", until),
                after == null ? -1 : after, max);
        List<HistoryEntryJson> entries = store.history(query).stream().map(this::historyEntry).toList();
        Long next = entries.size() == max ? entries.get(entries.size() - 1).index() : null;
        return new HistoryPageJson(entries, next);
    }

    /** Records consumed that were not valid events, newest first (what the log refused, and why). */
    @GET
    @Path("/rejected")
    public List<RejectedRecord> rejected(@QueryParam("limit") Integer limit) {
        return store.rejected(Params.limit(limit, 100, MAX_PAGE));
    }

    /**
     * The whole log up to its latest signed head, for offline verification with bin/audit-verify: format,
     * key id, public key, every signed head, consistency proofs between consecutive heads, every entry.
     */
    @GET
    @Path("/export")
    public Response export() {
        SignedTreeHead latest = log.latestHead();
        long size = latest.head().treeSize();
        List<SignedTreeHead> heads = store.heads(0, size);
        StreamingOutput body = out -> {
            try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField(LogExportJson.FIELD_FORMAT, LogExportJson.FORMAT);
                json.writeStringField(LogExportJson.FIELD_KEY_ID, log.keyId());
                json.writeStringField(LogExportJson.FIELD_PUBLIC_KEY, log.publicKeyPem());
                json.writeArrayFieldStart(LogExportJson.FIELD_HEADS);
                for (SignedTreeHead head : heads) {
                    mapper.writeValue(json, TreeHeadJson.of(head));
                }
                json.writeEndArray();
                json.writeArrayFieldStart(LogExportJson.FIELD_CONSISTENCY);
                for (int i = 1; i < heads.size(); i++) {
                    mapper.writeValue(json, ConsistencyProofJson.of(log.consistencyProof(
                            heads.get(i - 1).head().treeSize(), heads.get(i).head().treeSize())));
                }
                json.writeEndArray();
                json.writeArrayFieldStart(LogExportJson.FIELD_ENTRIES);
                store.forEachEntry(size, entry -> {
                    try {
                        mapper.writeValue(json, plain(entry));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                json.writeEndArray();
                json.writeEndObject();
            }
        };
        return Response.ok(body)
                .header("Content-Disposition", "attachment; filename=\"audit-log-" + size + ".json\"")
                .build();
    }

    private SignedTreeHead signedHead(Long treeSize) {
        if (treeSize == null) {
            return log.latestHead();
        }
        Params.nonNegative("treeSize", treeSize, 0);
        return log.head(treeSize)
                .orElseThrow(() -> ApiProblem.notFound("no signed tree head of size " + treeSize));
    }

    private LogEntryJson withProof(StoredEntry e, long treeSize) {
        return new LogEntryJson(e.index(), HexFormat.of().formatHex(e.leafHash()),
                Base64.getEncoder().encodeToString(e.signature()), e.canonicalJson(),
                InclusionProofJson.of(log.inclusionProof(e.index(), treeSize)));
    }

    private static LogEntryJson plain(StoredEntry e) {
        return new LogEntryJson(e.index(), HexFormat.of().formatHex(e.leafHash()),
                Base64.getEncoder().encodeToString(e.signature()), e.canonicalJson(), null);
    }

    private HistoryEntryJson historyEntry(StoredEntry e) {
        JsonNode entry;
        try {
            entry = mapper.readTree(e.canonicalJson());
        } catch (IOException ex) {
            throw new ApiProblem(500, "log-integrity", "entry " + e.index() + " is not JSON any more; run bin/audit-verify");
        }
        return new HistoryEntryJson(e.index(), e.eventId(), e.type(), e.occurredAt(), e.actorId(), e.modelId(),
                e.modelVersion(), e.batchId(), entry);
    }
}

package org.editgov.audit.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.editgov.audit.api.ApiProblem;
import org.editgov.audit.log.AuditLog;
import org.editgov.audit.log.HistoryQuery;
import org.editgov.audit.log.LogStore;
import org.editgov.audit.log.StoredEntry;
import org.editgov.audit.signing.SignedTreeHead;
import org.editgov.audit.wire.TreeHeadJson;
import org.editgov.contracts.BatchCompleted;
import org.editgov.contracts.BatchEdit;
import org.editgov.contracts.BatchFailed;
import org.editgov.contracts.BatchRequested;
import org.editgov.contracts.EditProposed;
import org.editgov.contracts.EditReviewed;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.EventFormatException;
import org.editgov.contracts.Gates;
import org.editgov.contracts.ModelRollbackRequested;
import org.editgov.contracts.ModelVersionCommitted;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link ComplianceReport} from the log alone. Everything comes from entries the latest signed head
 * covers, so each statement of the report can be proven with an inclusion proof for its {@code logIndex}.
 */
@ApplicationScoped
public class ComplianceReports {

    private static final int BATCH_ENTRIES = 1000;

    private final AuditLog log;
    private final LogStore store;
    private final EventCodec codec = new EventCodec();
    private final ObjectMapper mapper = EventCodec.newObjectMapper();

    public ComplianceReports(AuditLog log, LogStore store) {
        this.log = log;
        this.store = store;
    }

    private record Logged(long index, EventEnvelope<?> event) {
        <T> Optional<T> payload(Class<T> type) {
            return type.isInstance(event.payload()) ? Optional.of(type.cast(event.payload())) : Optional.empty();
        }
    }

    public ComplianceReport build(String modelId, Instant from, Instant to) {
        SignedTreeHead head = log.latestHead();
        long size = head.head().treeSize();
        List<Logged> period = decode(store.modelPeriod(modelId, from, to), size);
        Set<Long> cited = new TreeSet<>();
        period.forEach(l -> cited.add(l.index()));

        Set<String> batchIds = new LinkedHashSet<>();
        for (Logged l : period) {
            batchOf(l).ifPresent(batchIds::add);
        }
        Map<String, List<Logged>> batchEvents = new LinkedHashMap<>();
        for (String batchId : batchIds) {
            List<Logged> events = decode(store.history(new HistoryQuery(modelId, null, batchId, null, null, null, null,
                    -1, BATCH_ENTRIES)), size);
            events.forEach(l -> cited.add(l.index()));
            batchEvents.put(batchId, events);
        }

        List<ComplianceReport.Batch> batches = new ArrayList<>();
        List<ComplianceReport.AppliedEdit> applied = new ArrayList<>();
        for (Map.Entry<String, List<Logged>> batch : batchEvents.entrySet()) {
            batches.add(batch(batch.getKey(), batch.getValue()));
            applied.addAll(appliedEdits(modelId, batch.getValue(), from, to, size, cited));
        }
        applied.sort(Comparator.comparing(ComplianceReport.AppliedEdit::version,
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(ComplianceReport.AppliedEdit::editId));

        List<ComplianceReport.Version> versions = new ArrayList<>();
        List<ComplianceReport.Rollback> rollbacks = new ArrayList<>();
        for (Logged l : period) {
            l.payload(ModelVersionCommitted.class).ifPresent(v -> versions.add(version(l, v)));
        }
        for (Logged l : period) {
            l.payload(ModelRollbackRequested.class).ifPresent(r -> rollbacks.add(rollback(l, r, versions, period)));
        }

        int completed = (int) batches.stream().filter(b -> "COMPLETED".equals(b.outcome())).count();
        int failed = (int) batches.stream().filter(b -> "FAILED".equals(b.outcome())).count();
        ComplianceReport.Summary summary = new ComplianceReport.Summary(applied.size(), completed, failed,
                versions.size(), rollbacks.size());
        ComplianceReport.Coverage coverage = new ComplianceReport.Coverage(TreeHeadJson.of(head), log.keyId(),
                cited.size(), "every logIndex above is an entry of the signed tree head of size " + size
                + "; check them all with: bin/audit-verify --public-key log-ed25519-public.pem --url <audit-service>"
                + " (or GET /api/log/entries/{logIndex}?treeSize=" + size + " for one inclusion proof)");
        return new ComplianceReport(modelId, from, to, Instant.now().truncatedTo(ChronoUnit.SECONDS), summary,
                applied, batches, versions, rollbacks, coverage);
    }

    private ComplianceReport.Batch batch(String batchId, List<Logged> events) {
        Optional<Logged> requested = first(events, BatchRequested.class);
        Optional<Logged> completed = first(events, BatchCompleted.class);
        // A batch can fail more than once (a worker died, the batch was redone): the failure that was judged
        // against the gates, with its evaluation, says most; else the latest.
        Optional<Logged> failed = events.stream().filter(l -> l.payload(BatchFailed.class).isPresent())
                .max(Comparator.comparing((Logged l) -> l.payload(BatchFailed.class).orElseThrow().report() != null)
                        .thenComparing(Logged::index));
        BatchRequested r = requested.flatMap(l -> l.payload(BatchRequested.class)).orElse(null);
        BatchCompleted c = completed.flatMap(l -> l.payload(BatchCompleted.class)).orElse(null);
        BatchFailed f = failed.flatMap(l -> l.payload(BatchFailed.class)).orElse(null);
        String outcome = c != null ? "COMPLETED" : f != null ? "FAILED" : "PENDING";
        JsonNode evaluation = c != null ? c.report() : f != null ? f.report() : null;
        Gates gates = r == null ? null : r.gates();
        Instant finishedAt = completed.or(() -> failed).map(l -> l.event().occurredAt()).orElse(null);
        return new ComplianceReport.Batch(batchId, outcome, requested.map(l -> l.event().occurredAt()).orElse(null),
                finishedAt, r != null ? Integer.valueOf(r.baseVersion()) : f != null ? Integer.valueOf(f.baseVersion()) : null,
                c == null ? null : c.newVersion(), r == null ? null : r.method(), gates,
                r == null ? (c == null ? List.of() : c.appliedEditIds()) : r.edits().stream().map(BatchEdit::editId).toList(),
                evaluation, GateChecks.of(gates, evaluation), f == null ? null : f.kind().name(),
                f == null ? null : f.reason(), c == null ? null : c.delta().sha256(),
                c == null ? null : c.delta().sizeBytes(), c == null ? null : c.artifact().sha256(),
                events.stream().map(Logged::index).toList());
    }

    private List<ComplianceReport.AppliedEdit> appliedEdits(String modelId, List<Logged> batchEvents, Instant from,
                                                            Instant to, long size, Set<Long> cited) {
        Optional<Logged> completedEntry = first(batchEvents, BatchCompleted.class)
                .filter(l -> !l.event().occurredAt().isBefore(from) && l.event().occurredAt().isBefore(to));
        if (completedEntry.isEmpty()) {
            return List.of();
        }
        BatchCompleted completed = completedEntry.get().payload(BatchCompleted.class).orElseThrow();
        Optional<Logged> requestedEntry = first(batchEvents, BatchRequested.class);
        Map<String, BatchEdit> batchEdits = new LinkedHashMap<>();
        requestedEntry.flatMap(l -> l.payload(BatchRequested.class))
                .ifPresent(r -> r.edits().forEach(e -> batchEdits.put(e.editId(), e)));
        List<Logged> editEvents = decode(store.entriesForEdits(completed.appliedEditIds()), size).stream()
                .filter(l -> l.event().payload().modelId().equals(modelId)).toList();

        List<ComplianceReport.AppliedEdit> edits = new ArrayList<>();
        for (String editId : completed.appliedEditIds()) {
            Optional<Logged> proposedEntry = editEvents.stream()
                    .filter(l -> l.payload(EditProposed.class).filter(p -> p.editId().equals(editId)).isPresent())
                    .findFirst();
            Optional<Logged> approvedEntry = editEvents.stream()
                    .filter(l -> l.payload(EditReviewed.class).filter(p -> p.editId().equals(editId)
                            && p.decision() == EditReviewed.Decision.APPROVED).isPresent())
                    .reduce((a, b) -> b);
            EditProposed proposed = proposedEntry.flatMap(l -> l.payload(EditProposed.class)).orElse(null);
            EditReviewed approved = approvedEntry.flatMap(l -> l.payload(EditReviewed.class)).orElse(null);
            BatchEdit inBatch = batchEdits.get(editId);
            List<Long> indices = new ArrayList<>();
            proposedEntry.ifPresent(l -> indices.add(l.index()));
            approvedEntry.ifPresent(l -> indices.add(l.index()));
            requestedEntry.ifPresent(l -> indices.add(l.index()));
            indices.add(completedEntry.get().index());
            cited.addAll(indices);
            edits.add(new ComplianceReport.AppliedEdit(editId,
                    pick(inBatch == null ? null : inBatch.subject(), proposed == null ? null : proposed.subject()),
                    pick(inBatch == null ? null : inBatch.prompt(), proposed == null ? null : proposed.prompt()),
                    pick(inBatch == null ? null : inBatch.targetNew(), proposed == null ? null : proposed.targetNew()),
                    pick(inBatch == null ? null : inBatch.targetTrue(), proposed == null ? null : proposed.targetTrue()),
                    pick(inBatch == null ? null : inBatch.rationale(), proposed == null ? null : proposed.rationale()),
                    inBatch != null ? inBatch.evidenceLinks() : proposed != null ? proposed.evidenceLinks() : List.of(),
                    pick(inBatch == null ? null : inBatch.proposer(), proposed == null ? null : proposed.proposer()),
                    proposedEntry.map(l -> l.event().occurredAt()).orElse(null),
                    pick(inBatch == null ? null : inBatch.approver(), approved == null ? null : approved.reviewer()),
                    approvedEntry.map(l -> l.event().occurredAt()).orElse(null),
                    approved == null ? null : approved.comment(), completed.batchId(), completed.newVersion(),
                    completed.delta().sha256(), indices));
        }
        return edits;
    }

    private static ComplianceReport.Version version(Logged l, ModelVersionCommitted v) {
        return new ComplianceReport.Version(v.version(), v.parentVersion(), l.event().occurredAt(), v.batchId(),
                v.rollback() == null ? null : v.rollback().targetVersion(), v.artifact().sha256(),
                v.delta() == null ? null : v.delta().sha256(), v.delta() == null ? null : v.delta().sizeBytes(),
                l.index());
    }

    private static ComplianceReport.Rollback rollback(Logged l, ModelRollbackRequested r,
                                                      List<ComplianceReport.Version> versions, List<Logged> period) {
        Optional<Logged> result = period.stream().filter(p -> p.payload(ModelVersionCommitted.class)
                .filter(v -> v.rollback() != null && l.event().eventId().equals(v.rollback().requestEventId()))
                .isPresent()).findFirst();
        List<Long> indices = new ArrayList<>(List.of(l.index()));
        result.ifPresent(p -> indices.add(p.index()));
        return new ComplianceReport.Rollback(l.event().occurredAt(), r.requestedBy(), r.fromVersion(),
                r.targetVersion(), r.reason(),
                result.flatMap(p -> p.payload(ModelVersionCommitted.class)).map(ModelVersionCommitted::version)
                        .orElse(null), indices);
    }

    private static Optional<String> batchOf(Logged l) {
        Object p = l.event().payload();
        if (p instanceof BatchRequested b) {
            return Optional.of(b.batchId());
        }
        if (p instanceof BatchCompleted b) {
            return Optional.of(b.batchId());
        }
        if (p instanceof BatchFailed b) {
            return Optional.of(b.batchId());
        }
        if (p instanceof ModelVersionCommitted v && v.batchId() != null) {
            return Optional.of(v.batchId());
        }
        return Optional.empty();
    }

    private static Optional<Logged> first(List<Logged> events, Class<?> type) {
        return events.stream().filter(l -> type.isInstance(l.event().payload())).findFirst();
    }

    private static String pick(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }

    private List<Logged> decode(List<StoredEntry> entries, long size) {
        List<Logged> decoded = new ArrayList<>();
        for (StoredEntry e : entries) {
            if (e.index() >= size) {
                continue;
            }
            try {
                decoded.add(new Logged(e.index(), codec.read(mapper.readTree(e.canonicalJson()).path("event"))));
            } catch (IOException | EventFormatException ex) {
                throw new ApiProblem(500, "log-integrity", "entry " + e.index()
                        + " no longer holds a valid event; run bin/audit-verify");
            }
        }
        return decoded;
    }
}

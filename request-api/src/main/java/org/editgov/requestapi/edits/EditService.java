package org.editgov.requestapi.edits;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.editgov.contracts.Actor;
import org.editgov.contracts.CanonicalJson;
import org.editgov.contracts.EditProposed;
import org.editgov.contracts.EditWithdrawn;
import org.editgov.contracts.Sha256;
import org.editgov.requestapi.common.ConflictProblem;
import org.editgov.requestapi.common.ForbiddenProblem;
import org.editgov.requestapi.common.InvalidFieldProblem;
import org.editgov.requestapi.models.Model;
import org.editgov.requestapi.outbox.Outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Proposing and withdrawing edits: the proposer's side of the flow. */
@ApplicationScoped
public class EditService {

    @Inject
    EditLifecycle lifecycle;

    @Inject
    EditQueries queries;

    @Inject
    Outbox outbox;

    /** What an idempotency key stands for: the proposal's content, not its formatting. */
    record Content(String modelId, String subject, String prompt, String targetNew, String targetTrue,
                   String rationale, List<String> evidenceLinks) {

        String fingerprint() {
            return Sha256.hex(CanonicalJson.bytesOf(this));
        }
    }

    /**
     * Stores a PROPOSED edit, flags conflicts both ways and records {@code edit.proposed}, all in one
     * transaction. With an idempotency key already used by this proposer, returns the earlier edit when
     * the content matches and refuses otherwise.
     */
    @Transactional
    public Proposal propose(ProposeEdit request, String idempotencyKey, String proposer, UUID id) {
        List<String> links = EvidenceLinks.check(request.evidenceLinks());
        Content content = new Content(request.modelId().strip(), request.subject().strip(), request.prompt().strip(),
                request.targetNew().strip(), blankToNull(request.targetTrue()), request.rationale().strip(), links);
        String fingerprint = content.fingerprint();
        if (idempotencyKey != null) {
            Optional<Proposal> replay = replay(proposer, idempotencyKey, fingerprint);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        if (Model.findById(content.modelId()) == null) {
            throw new InvalidFieldProblem("modelId", "no model '" + content.modelId() + "' is registered");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EditRequest edit = new EditRequest();
        edit.id = id;
        edit.modelId = content.modelId();
        edit.subject = content.subject();
        edit.prompt = content.prompt();
        edit.targetNew = content.targetNew();
        edit.targetTrue = content.targetTrue();
        edit.rationale = content.rationale();
        edit.evidenceLinks = links;
        edit.proposer = proposer;
        edit.subjectKey = RelationKey.normalize(edit.subject);
        edit.promptKey = RelationKey.normalize(edit.prompt);
        edit.targetKey = RelationKey.normalize(edit.targetNew);
        edit.idempotencyKey = idempotencyKey;
        edit.fingerprint = fingerprint;
        lifecycle.begin(edit, proposer, now);
        flagConflicts(edit, now);
        outbox.record(Actor.user(proposer), new EditProposed(edit.id.toString(), edit.modelId, edit.subject,
                edit.prompt, edit.targetNew, edit.targetTrue, edit.rationale, edit.evidenceLinks, proposer));
        return new Proposal(queries.view(edit), true);
    }

    /** The stored edit with this id, if its proposal was committed. */
    @Transactional
    public Optional<EditView> stored(UUID id) {
        EditRequest edit = EditRequest.findById(id);
        return edit == null ? Optional.empty() : Optional.of(queries.view(edit));
    }

    /** The earlier edit of this proposer under this key, if any; refuses a key reused for other content. */
    @Transactional
    public Optional<Proposal> replay(String proposer, String idempotencyKey, String fingerprint) {
        Optional<EditRequest> earlier = EditRequest.find("proposer = ?1 and idempotencyKey = ?2", proposer, idempotencyKey)
                .firstResultOptional();
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        if (!earlier.get().fingerprint.equals(fingerprint)) {
            throw new ConflictProblem("idempotency-key-reused", "idempotency key '" + idempotencyKey
                    + "' was already used for a different proposal (edit " + earlier.get().id + ")");
        }
        return Optional.of(new Proposal(queries.view(earlier.get()), false));
    }

    /** The fingerprint a request would get, to resolve a race on its idempotency key. */
    public String fingerprintOf(ProposeEdit request) {
        return new Content(request.modelId().strip(), request.subject().strip(), request.prompt().strip(),
                request.targetNew().strip(), blankToNull(request.targetTrue()), request.rationale().strip(),
                EvidenceLinks.check(request.evidenceLinks())).fingerprint();
    }

    /** The proposer takes back an edit nobody has reviewed yet, and {@code edit.withdrawn} says so. */
    @Transactional
    public EditView withdraw(UUID editId, String user, String comment) {
        EditRequest edit = EditLocks.lock(editId);
        if (!edit.proposer.equals(user)) {
            throw new ForbiddenProblem("not-proposer", "only the proposer of edit " + editId + " may withdraw it");
        }
        if (edit.state != EditState.PROPOSED) {
            throw new ConflictProblem("invalid-state", "edit " + editId + " is " + edit.state
                    + "; only PROPOSED edits can be withdrawn");
        }
        String reason = blankToNull(comment);
        lifecycle.move(edit, EditState.WITHDRAWN, user, reason, Instant.now().truncatedTo(ChronoUnit.MICROS));
        outbox.record(Actor.user(user), new EditWithdrawn(edit.id.toString(), edit.modelId, reason, user));
        return queries.view(edit);
    }

    /** Open proposals of the same model, subject and relation with another target conflict with this one. */
    private static void flagConflicts(EditRequest edit, Instant now) {
        List<EditRequest> rivals = EditRequest.list(
                "modelId = ?1 and subjectKey = ?2 and promptKey = ?3 and targetKey <> ?4 and state in ?5 and id <> ?6",
                edit.modelId, edit.subjectKey, edit.promptKey, edit.targetKey, EditState.OPEN, edit.id);
        for (EditRequest rival : rivals) {
            EditConflict.of(edit.id, rival.id, now).persist();
            EditConflict.of(rival.id, edit.id, now).persist();
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

package org.editgov.requestapi.edits;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.editgov.requestapi.common.DatabaseUnavailable;
import org.editgov.requestapi.common.InvalidFieldProblem;
import org.editgov.requestapi.common.Page;
import org.editgov.requestapi.common.QueryParams;
import org.editgov.requestapi.common.TextRules;
import org.editgov.requestapi.security.Roles;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Edit requests: propose, list, read one with its history, withdraw. */
@Path("/api/edits")
@Produces(MediaType.APPLICATION_JSON)
public class EditResource {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    /** How long a proposal whose commit lost its connection waits for the database to say whether it landed. */
    static final Duration IN_DOUBT_WAIT = Duration.ofSeconds(5);

    @Inject
    SecurityIdentity identity;

    @Inject
    EditService edits;

    @Inject
    EditQueries queries;

    /** 201 with the new edit, or 200 with the earlier one when the idempotency key was seen with this content. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROPOSER)
    public Response propose(@NotNull @Valid ProposeEdit body, @HeaderParam(IDEMPOTENCY_HEADER) String headerKey,
                            @Context UriInfo uri) {
        String key = idempotencyKey(headerKey, body.idempotencyKey());
        String proposer = identity.getPrincipal().getName();
        UUID id = UUID.randomUUID();
        Proposal proposal;
        try {
            proposal = edits.propose(body, key, proposer, id);
        } catch (RuntimeException e) {
            // Another request with the same key committed first: answer as its replay.
            proposal = key != null && isIdempotencyRace(e)
                    ? edits.replay(proposer, key, edits.fingerprintOf(body)).orElseThrow(() -> e)
                    : committedDespite(e, id);
        }
        if (!proposal.created()) {
            return Response.ok(proposal.edit()).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(proposal.edit().id().toString()).build())
                .entity(proposal.edit()).build();
    }

    @GET
    @RolesAllowed({Roles.PROPOSER, Roles.REVIEWER, Roles.OPERATOR, Roles.AUDITOR})
    public Page<EditView> list(@QueryParam("modelId") String modelId, @QueryParam("state") String state,
                               @QueryParam("proposer") String proposer, @QueryParam("q") String text,
                               @QueryParam("page") String page, @QueryParam("size") String size) {
        return queries.search(new EditQuery(
                QueryParams.textParam("modelId", modelId, 200),
                QueryParams.enumParam("state", state, EditState.class),
                QueryParams.textParam("proposer", proposer, 200),
                QueryParams.textParam("q", text, 500),
                QueryParams.intParam("page", page, 0, 0, 1_000_000),
                QueryParams.intParam("size", size, 20, 1, 200)));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.PROPOSER, Roles.REVIEWER, Roles.OPERATOR, Roles.AUDITOR})
    public EditView get(@PathParam("id") UUID id) {
        return queries.view(id);
    }

    /** The proposer takes back an edit that is still PROPOSED; the body with a comment is optional. */
    @POST
    @Path("{id}/withdraw")
    @RolesAllowed(Roles.PROPOSER)
    public EditView withdraw(@PathParam("id") UUID id, @Valid Withdrawal body) {
        return edits.withdraw(id, identity.getPrincipal().getName(), body == null ? null : body.comment());
    }

    /**
     * A connection lost during the commit leaves its outcome unknown: PostgreSQL may have committed
     * before the acknowledgement was lost. Rather than answer 503 for an edit that was stored (and
     * invite a duplicate), look for it by its id once the database answers again: found, it is
     * answered 201; confirmed absent, or the database still unreachable after {@link #IN_DOUBT_WAIT},
     * the failure stands (503, Retry-After; an Idempotency-Key makes the retry safe either way).
     */
    private Proposal committedDespite(RuntimeException failure, UUID id) {
        if (!DatabaseUnavailable.causedBy(failure)) {
            throw failure;
        }
        long deadline = System.nanoTime() + IN_DOUBT_WAIT.toNanos();
        while (true) {
            Optional<EditView> stored;
            try {
                stored = edits.stored(id);
            } catch (RuntimeException lookup) {
                if (!DatabaseUnavailable.causedBy(lookup) || System.nanoTime() > deadline) {
                    throw failure;
                }
                pauseOrThrow(failure);
                continue;
            }
            return stored.map(view -> new Proposal(view, true)).orElseThrow(() -> failure);
        }
    }

    private static void pauseOrThrow(RuntimeException failure) {
        try {
            Thread.sleep(250);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private static String idempotencyKey(String header, String field) {
        String fromHeader = header == null ? null : header.strip();
        if (fromHeader != null && (fromHeader.length() > 200 || !fromHeader.matches(TextRules.TOKEN))) {
            throw new InvalidFieldProblem(IDEMPOTENCY_HEADER, TextRules.TOKEN_MESSAGE + ", at most 200 characters");
        }
        if (fromHeader != null && field != null && !fromHeader.equals(field)) {
            throw new InvalidFieldProblem("idempotencyKey", "differs from the " + IDEMPOTENCY_HEADER + " header");
        }
        return fromHeader != null ? fromHeader : field;
    }

    private static boolean isIdempotencyRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c && "edit_request_idempotency".equals(c.getConstraintName())) {
                return true;
            }
        }
        return false;
    }
}

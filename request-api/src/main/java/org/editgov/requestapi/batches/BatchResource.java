package org.editgov.requestapi.batches;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.editgov.requestapi.security.Roles;

import java.util.List;
import java.util.UUID;

/**
 * A model's batch policy and batches: set by operators, readable by operators and auditors. Shares the
 * root path of {@code ModelResource}; Quarkus REST merges the two.
 */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    @Inject
    SecurityIdentity identity;

    @Inject
    BatchCutter cutter;

    @Inject
    BatchQueries queries;

    @Inject
    BatchPolicies policies;

    /** Cuts a batch of the model's approved edits now: 201, or 409 when none wait. */
    @POST
    @Path("{id}/batches")
    @RolesAllowed(Roles.OPERATOR)
    public Response cutNow(@PathParam("id") String modelId) {
        UUID batchId = cutter.cutNow(modelId, identity.getPrincipal().getName()).id;
        return Response.status(Response.Status.CREATED).entity(queries.get(batchId)).build();
    }

    @GET
    @Path("{id}/batches")
    @RolesAllowed({Roles.OPERATOR, Roles.AUDITOR})
    public List<BatchView> ofModel(@PathParam("id") String modelId) {
        return queries.ofModel(modelId);
    }

    @GET
    @Path("{id}/batch-policy")
    @RolesAllowed({Roles.OPERATOR, Roles.AUDITOR})
    public BatchPolicyView policy(@PathParam("id") String modelId) {
        return queries.policy(modelId);
    }

    @PUT
    @Path("{id}/batch-policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    public BatchPolicyView setPolicy(@PathParam("id") String modelId, @NotNull @Valid BatchPolicyInput body) {
        return policies.set(modelId, body, identity.getPrincipal().getName());
    }

    @DELETE
    @Path("{id}/batch-policy")
    @RolesAllowed(Roles.OPERATOR)
    public Response removePolicy(@PathParam("id") String modelId) {
        policies.remove(modelId);
        return Response.noContent().build();
    }
}

package org.editgov.requestapi.batches;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.editgov.requestapi.security.Roles;

import java.util.UUID;

/** One batch by its id, with its edits and outcome. */
@Path("/api/batches")
@Produces(MediaType.APPLICATION_JSON)
public class BatchByIdResource {

    @Inject
    BatchQueries queries;

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.AUDITOR})
    public BatchView get(@PathParam("id") UUID id) {
        return queries.get(id);
    }
}

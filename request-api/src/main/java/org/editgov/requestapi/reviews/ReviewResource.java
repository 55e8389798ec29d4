package org.editgov.requestapi.reviews;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.editgov.requestapi.edits.EditView;
import org.editgov.requestapi.security.Roles;

import java.util.UUID;

/** A reviewer approves or rejects a proposed edit (same root path as the edits, which Quarkus REST merges). */
@Path("/api/edits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReviewResource {

    @Inject
    SecurityIdentity identity;

    @Inject
    ReviewService reviews;

    @POST
    @Path("{id}/review")
    @RolesAllowed(Roles.REVIEWER)
    public EditView review(@PathParam("id") UUID id, @NotNull @Valid ReviewRequest body) {
        return reviews.review(id, body, identity.getPrincipal().getName());
    }
}

package org.editgov.requestapi.models;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.editgov.requestapi.security.Roles;

import java.util.List;

/** Models: registered by operators, readable by every role of the platform. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ModelResource {

    @Inject
    SecurityIdentity identity;

    @Inject
    ModelService models;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Response register(@NotNull @Valid RegisterModel body, @Context UriInfo uri) {
        ModelView model = models.register(body, identity.getPrincipal().getName());
        return Response.created(uri.getAbsolutePathBuilder().path(model.id()).build()).entity(model).build();
    }

    @GET
    @RolesAllowed({Roles.PROPOSER, Roles.REVIEWER, Roles.OPERATOR, Roles.AUDITOR})
    public List<ModelView> list() {
        return models.list();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.PROPOSER, Roles.REVIEWER, Roles.OPERATOR, Roles.AUDITOR})
    public ModelView get(@PathParam("id") String id) {
        return models.get(id);
    }

    @GET
    @Path("{id}/versions")
    @RolesAllowed({Roles.OPERATOR, Roles.AUDITOR})
    public List<VersionView> versions(@PathParam("id") String id) {
        return models.versions(id);
    }

    @GET
    @Path("{id}/versions/current")
    @RolesAllowed({Roles.PROPOSER, Roles.REVIEWER, Roles.OPERATOR, Roles.AUDITOR})
    public VersionView currentVersion(@PathParam("id") String id) {
        return models.currentVersion(id);
    }

    /** 202: the rollback is requested; the editor worker restores the weights and commits a new version. */
    @POST
    @Path("{id}/rollback")
    @RolesAllowed(Roles.OPERATOR)
    public Response rollback(@PathParam("id") String id, @NotNull @Valid RollbackRequest body) {
        return Response.accepted(models.requestRollback(id, body, identity.getPrincipal().getName())).build();
    }
}

package org.editgov.worker.batches;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Where a batch stands on this worker: phase and steps done of total. */
@Path("/api/batches/{id}/progress")
@Authenticated
public class ProgressResource {

    @Inject
    BatchProgress progress;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public BatchProgress.Snapshot get(@PathParam("id") String batchId) {
        return progress.of(batchId).orElseThrow(() -> new NotFoundException("batch " + batchId + " has not reached this worker"));
    }
}

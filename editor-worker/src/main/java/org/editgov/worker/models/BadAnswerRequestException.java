package org.editgov.worker.models;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A request the answer endpoint refuses, answered 400 with a one-line JSON reason. */
public class BadAnswerRequestException extends BadRequestException {

    public BadAnswerRequestException(String message) {
        super(message, Response.status(400).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build());
    }
}

package io.github.idgov.admin.review;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A 400 naming the offending parameter, in the shape the pack's other admin errors use. */
final class BadParameter extends WebApplicationException {

    BadParameter(String field, String message) {
        super(message, Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("field", field, "errorMessage", message)).build());
    }
}

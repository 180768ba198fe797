package io.github.idgov.admin.review;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Supplier;

/** Answers an {@link InvalidParameter} with a 400 naming the parameter, in the shape of the pack's other admin errors. */
final class BadParameter {

    private BadParameter() {
    }

    /** Runs the parsing step; a malformed value becomes the 400. */
    static <T> T checked(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidParameter e) {
            throw of(e);
        }
    }

    static WebApplicationException of(InvalidParameter e) {
        return new WebApplicationException(e.getMessage(), e, Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("field", e.field(), "errorMessage", e.getMessage())).build());
    }
}

package io.github.idgov.core.keycloak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Supplier;
import org.keycloak.util.JsonSerialization;

/**
 * Parameters and JSON bodies of the pack's admin REST resources: parsed strictly, a malformed value is an
 * {@link InvalidParameter}, answered as a 400 {@code {"field": …, "errorMessage": …}} (the shape of the pack's other
 * admin errors), never a silent default.
 */
public final class AdminInput {

    private AdminInput() {
    }

    /** Runs a parsing step; a malformed value becomes the 400. */
    public static <T> T checked(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidParameter e) {
            throw badRequest(e);
        }
    }

    public static WebApplicationException badRequest(InvalidParameter e) {
        return new WebApplicationException(e.getMessage(), e, Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("field", e.field(), "errorMessage", e.getMessage())).build());
    }

    /** {@code fallback} when absent or blank; otherwise an integer within [min, max]. */
    public static int integer(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the parameter named
        }
        throw new InvalidParameter(name, name + " must be an integer between " + min + " and " + max + ", got '" + raw + "'");
    }

    /** The body as a JSON object; null when the body is empty. */
    public static JsonNode jsonObject(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JsonSerialization.mapper.readTree(body);
            if (!node.isObject()) {
                throw new InvalidParameter("body", "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidParameter("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A string field of a body; null when the body or the field is absent or null. */
    public static String text(JsonNode json, String field) {
        JsonNode value = json == null ? null : json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidParameter(field, field + " must be a string");
        }
        return value.asText();
    }
}

package io.github.idgov.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** Reads Keycloak's admin REST error bodies: one {field, errorMessage, params} or a list of them under "errors". */
public final class AdminErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminErrors() {
    }

    public record FieldError(String field, String errorMessage, List<String> params) {
    }

    public static List<FieldError> of(WebApplicationException e) {
        return of(e.getResponse());
    }

    public static List<FieldError> of(Response response) {
        try {
            JsonNode body = JSON.readTree(response.readEntity(String.class));
            List<FieldError> errors = new ArrayList<>();
            if (body.has("errors")) {
                body.get("errors").forEach(node -> errors.add(parse(node)));
            } else {
                errors.add(parse(body));
            }
            return errors;
        } catch (Exception e) {
            throw new AssertionError("cannot read admin error body", e);
        }
    }

    /** The human-readable message of any Keycloak error body: errorMessage, or the OAuth-style error_description. */
    public static String message(WebApplicationException e) {
        try {
            JsonNode body = JSON.readTree(e.getResponse().readEntity(String.class));
            return body.has("errorMessage") ? body.get("errorMessage").asText() : body.path("error_description").asText(null);
        } catch (Exception parse) {
            throw new AssertionError("cannot read admin error body", parse);
        }
    }

    private static FieldError parse(JsonNode node) {
        List<String> params = new ArrayList<>();
        if (node.has("params")) {
            node.get("params").forEach(p -> params.add(p.asText()));
        }
        return new FieldError(node.path("field").asText(null), node.path("errorMessage").asText(null), params);
    }
}

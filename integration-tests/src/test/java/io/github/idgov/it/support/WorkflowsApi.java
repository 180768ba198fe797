package io.github.idgov.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Plain HTTP client of Keycloak's Workflows admin API ({@code /admin/realms/{realm}/workflows}), which takes a
 * workflow as YAML or JSON; sent as an administrator.
 */
public final class WorkflowsApi {

    public static final String YAML = "application/yaml";
    public static final String JSON = "application/json";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Supplier<String> adminToken;

    public WorkflowsApi(String baseUrl, String realm, Supplier<String> adminToken) {
        this.base = baseUrl + "/admin/realms/" + realm + "/workflows";
        this.adminToken = adminToken;
    }

    public HttpResponse<String> create(String contentType, String body) {
        return send(request("").header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The workflow with that name, as JSON. */
    public Map<String, Object> byName(String name) {
        List<Map<String, Object>> found = GovernanceApi.jsonArray(
                GovernanceApi.require(send(request("?exact=true&search=" + name).header("Accept", JSON).GET().build()), 200).body());
        if (found.size() != 1) {
            throw new AssertionError("expected one workflow named " + name + ", found " + found);
        }
        return found.get(0);
    }

    /** The workflows with a step scheduled for the resource (a user's or client's id), as JSON. */
    public List<Map<String, Object>> scheduledFor(String resourceId) {
        return GovernanceApi.jsonArray(GovernanceApi.require(
                send(request("/scheduled/" + resourceId).header("Accept", JSON).GET().build()), 200).body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + adminToken.get());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.github.idgov.it.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Plain HTTP client of the identity review API ({@code /admin/realms/{realm}/identity-governance}) with a bearer token. */
public final class GovernanceApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public GovernanceApi(String baseUrl, String realm) {
        this.base = baseUrl + "/admin/realms/" + realm + "/identity-governance";
    }

    /** @param token null for no Authorization header */
    public HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public HttpResponse<String> post(String path, String token, String json) {
        HttpRequest.Builder request = request(path, token).header("Content-Type", "application/json");
        return send(request.POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Map<String, Object> getJson(String path, String token) {
        return json(require(get(path, token), 200));
    }

    public Map<String, Object> postJson(String path, String token, String body) {
        return json(require(post(path, token, body), 200));
    }

    /** The usernames of one page of the list. */
    @SuppressWarnings("unchecked")
    public List<String> usernames(String query, String token) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) getJson("/identities" + query, token).get("items");
        return items.stream().map(item -> (String) item.get("username")).toList();
    }

    /** The usernames of one page of the list as answered by the review index (the response must say so). */
    public List<String> indexed(String query, String token) {
        return answeredBy("index", query, token);
    }

    /** The same page answered by a walk over the users: a search matching everyone is never served by the index. */
    public List<String> walked(String query, String token) {
        return answeredBy("scan", query + "&search=*", token);
    }

    @SuppressWarnings("unchecked")
    private List<String> answeredBy(String source, String query, String token) {
        Map<String, Object> page = getJson("/identities" + query, token);
        if (!source.equals(page.get("source"))) {
            throw new AssertionError(query + " answered by " + page.get("source") + ", expected " + source);
        }
        return ((List<Map<String, Object>>) page.get("items")).stream().map(item -> (String) item.get("username")).toList();
    }

    public static HttpResponse<String> require(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " from " + response.request().method() + " " + response.uri() + ", got "
                    + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    public static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSON.readValue(response.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Map<String, Object>> jsonArray(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
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

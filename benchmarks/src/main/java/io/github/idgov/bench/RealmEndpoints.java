package io.github.idgov.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One realm's OIDC endpoints as the load generator calls them. Requests are built once and sent many times
 * (an {@link HttpRequest} is immutable), so the generator spends as little CPU per request as possible on a
 * machine it shares with the server.
 */
final class RealmEndpoints {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String realm;
    private final HttpClient http;
    private final URI token;
    private final URI userinfo;
    private final URI introspect;
    private final TokenExchange exchange;

    RealmEndpoints(HttpClient http, String realm, String realmUrl, TokenExchange exchange) {
        this.realm = realm;
        this.http = http;
        this.token = URI.create(realmUrl + "/protocol/openid-connect/token");
        this.userinfo = URI.create(realmUrl + "/protocol/openid-connect/userinfo");
        this.introspect = URI.create(realmUrl + "/protocol/openid-connect/token/introspect");
        this.exchange = exchange;
    }

    String realm() {
        return realm;
    }

    HttpRequest clientCredentials() {
        return tokenRequest(BenchRealms.SERVICE_CLIENT, BenchRealms.SERVICE_SECRET,
                Map.of("grant_type", "client_credentials"));
    }

    /** Password grant of the app client with scope openid (userinfo requires it). */
    HttpRequest password(String username) {
        return tokenRequest(BenchRealms.APP_CLIENT, BenchRealms.APP_SECRET, Map.of("grant_type", "password",
                "username", username, "password", BenchRealms.USER_PASSWORD, "scope", "openid"));
    }

    HttpRequest refresh(String refreshToken) {
        return tokenRequest(BenchRealms.APP_CLIENT, BenchRealms.APP_SECRET,
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    HttpRequest exchange(String subjectToken) {
        return exchange.request(this, subjectToken);
    }

    HttpRequest userinfo(String accessToken) {
        return HttpRequest.newBuilder(userinfo).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + accessToken).GET().build();
    }

    /** Introspection by the API client, which is in the app's token audience. */
    HttpRequest introspect(String accessToken) {
        return form(introspect, BenchRealms.API_CLIENT, BenchRealms.API_SECRET,
                Map.of("token", accessToken, "token_type_hint", "access_token"));
    }

    HttpRequest tokenRequest(String clientId, String secret, Map<String, String> parameters) {
        return form(token, clientId, secret, parameters);
    }

    /** Logs a user in through the app client (outside the measured window): its access and refresh token. */
    Tokens login(String username) throws IOException, InterruptedException {
        JsonNode body = sendForJson(password(username));
        return new Tokens(body.path("access_token").asText(), body.path("refresh_token").asText());
    }

    /**
     * Sends a request once and returns what it asserts about the principal: the access token's claims for a
     * token response, else the JSON body itself (userinfo, introspection). Fails on anything but 200.
     */
    JsonNode claims(HttpRequest request) throws IOException, InterruptedException {
        JsonNode body = sendForJson(request);
        if (!body.has("access_token")) {
            return body;
        }
        String[] parts = body.get("access_token").asText().split("\\.");
        if (parts.length != 3) {
            throw new IllegalStateException(realm + ": the access token is not a JWT");
        }
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private JsonNode sendForJson(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(realm + ": " + request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static HttpRequest form(URI uri, String clientId, String secret, Map<String, String> parameters) {
        String credentials = Base64.getEncoder().encodeToString(
                (encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
        String body = parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A user's tokens from a login. */
    record Tokens(String accessToken, String refreshToken) {
    }
}

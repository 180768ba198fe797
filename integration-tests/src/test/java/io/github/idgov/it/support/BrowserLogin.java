package io.github.idgov.it.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The front-channel half of the authorization-code flow without a browser: opens the authorization endpoint,
 * submits Keycloak's login form and returns the code from the redirect (not followed). The back-channel half
 * goes through {@link Grants#authorizationCode}.
 */
public final class BrowserLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&#]+)");

    private BrowserLogin() {
    }

    public static String code(String realmUrl, String clientId, URI redirectUri, String username, String password) throws Exception {
        return code(realmUrl, clientId, redirectUri, username, password, "openid");
    }

    /** The same, asking for the given scope. */
    public static String code(String realmUrl, String clientId, URI redirectUri, String username, String password,
                              String scope) throws Exception {
        String location = redirect(realmUrl, clientId, redirectUri, username, password, Map.of("response_type", "code", "scope", scope));
        Matcher code = CODE.matcher(location);
        if (!location.startsWith(redirectUri.toString()) || !code.find()) {
            throw new AssertionError("login did not redirect with a code: " + location);
        }
        return java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    /**
     * Where Keycloak sends the browser back to the client (not followed): the authorization request with the given
     * parameters ({@code response_type}, {@code scope}, ...), and the login form submitted when Keycloak shows one. A
     * request Keycloak refuses before the login answers the redirect with the error at once.
     */
    public static String redirect(String realmUrl, String clientId, URI redirectUri, String username, String password,
                                  Map<String, String> parameters) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String> query = new LinkedHashMap<>(parameters);
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri.toString());
        query.put("state", "s1");
        query.put("nonce", "n1");
        URI auth = URI.create(realmUrl + "/protocol/openid-connect/auth?" + String.join("&", query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).toList()));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(auth).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() == 302) {
            return page.headers().firstValue("Location").orElse("");
        }
        Matcher action = FORM_ACTION.matcher(page.body());
        if (page.statusCode() != 200 || !action.find()) {
            throw new AssertionError("no login form at " + auth + ": " + page.statusCode());
        }
        URI post = URI.create(action.group(1).replace("&amp;", "&"));
        // Keycloak marks its cookies Secure (SameSite=None), which java.net's cookie store withholds over http:
        // carry them by hand, as a browser on a loopback address does
        String cookies = String.join("; ", page.headers().allValues("Set-Cookie").stream()
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).toList());
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&credentialId=";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(post).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 302) {
            throw new AssertionError("login did not redirect: " + answer.statusCode());
        }
        return answer.headers().firstValue("Location").orElse("");
    }

    /** The parameters of a redirect back to the client: its query, or its fragment (implicit and hybrid flows). */
    public static Map<String, String> parameters(String location) {
        URI uri = URI.create(location);
        String raw = uri.getRawFragment() != null ? uri.getRawFragment() : uri.getRawQuery();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                parameters.put(java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

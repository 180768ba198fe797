package io.github.idgov.it.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        URI auth = URI.create(realmUrl + "/protocol/openid-connect/auth?response_type=code&scope=" + enc(scope) + "&client_id="
                + enc(clientId) + "&redirect_uri=" + enc(redirectUri.toString()) + "&state=s1&nonce=n1");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(auth).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
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
        String location = answer.headers().firstValue("Location").orElse("");
        Matcher code = CODE.matcher(location);
        if (answer.statusCode() != 302 || !location.startsWith(redirectUri.toString()) || !code.find()) {
            throw new AssertionError("login did not redirect with a code: " + answer.statusCode() + " " + location);
        }
        return java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

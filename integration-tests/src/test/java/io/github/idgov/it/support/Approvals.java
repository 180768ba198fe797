package io.github.idgov.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import io.github.idgov.it.harness.KeycloakServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two sides of a CIBA approval in one realm, as the approval tests drive them: the agent's backchannel request and
 * its poll, and the person's token of the approval page's client (authorization code with PKCE in Chromium) with which
 * they list and decide approvals on the page's API.
 */
public final class Approvals {

    public static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    public static final String APPROVAL_CLIENT = "idgov-approval";

    private final KeycloakServer server;
    private final String realm;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public Approvals(KeycloakServer server, String realm) {
        this.server = server;
        this.realm = realm;
    }

    /** How a test gets the person through the login pages the approval client shows, up to the redirect back. */
    @FunctionalInterface
    public interface Login {
        void complete(Chromium browser, URI back) throws Exception;
    }

    /** The agent's backchannel authentication request; {@code extra} are further form parameters. */
    public HttpResponse<String> ciba(String agent, String secret, String loginHint, String scope, String bindingMessage,
                                     Map<String, String> extra) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("login_hint", loginHint);
        params.put("scope", scope);
        params.put("binding_message", bindingMessage);
        params.putAll(extra);
        StringBuilder form = new StringBuilder();
        params.forEach((name, value) -> {
            if (value != null) {
                form.append(form.isEmpty() ? "" : "&").append(enc(name)).append('=').append(enc(value));
            }
        });
        String basic = Base64.getEncoder().encodeToString((agent + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(server.realmUrl(realm) + "/protocol/openid-connect/ext/ciba/auth"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code auth_req_id} of a started request (200). */
    public static String authReqId(HttpResponse<String> started) throws Exception {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        Map<String, Object> body = JSONObjectUtils.parse(started.body());
        assertThat(body).containsKey("auth_req_id");
        return (String) body.get("auth_req_id");
    }

    /** A poll as a well-behaved agent makes it: asked again after {@code slow_down} (the realms' interval is 1 s). */
    public TokenEndpoint.Answer poll(ClientAuthentication agent, Map<String, String> params) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of(CIBA_GRANT));
        params.forEach((name, value) -> form.put(name, List.of(value)));
        TokenEndpoint endpoint = new TokenEndpoint(server.realmUrl(realm));
        TokenEndpoint.Answer[] answer = new TokenEndpoint.Answer[1];
        server.waitFor(Duration.ofSeconds(30), () -> {
            try {
                answer[0] = endpoint.post(agent, form);
            } catch (Exception e) {
                throw new AssertionError("poll failed", e);
            }
            return !"slow_down".equals(answer[0].error());
        }, "a poll answered other than slow_down");
        return answer[0];
    }

    /** A token of the approval page's client for whoever {@code login} signs in (the caller checks its acr). */
    public TokenEndpoint.Answer approverToken(Chromium browser, Login login) throws Exception {
        URI back = URI.create(server.realmUrl(realm) + "/" + APPROVAL_CLIENT + "/test-callback");
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(("verifier-" + System.nanoTime() + "-0123456789abcdefghijklmnop")
                .getBytes(StandardCharsets.UTF_8));
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        browser.authorize(server.realmUrl(realm), APPROVAL_CLIENT, back, Map.of("code_challenge", challenge, "code_challenge_method", "S256"));
        login.complete(browser, back);
        String code = browser.redirectParameters().get("code");
        assertThat(code).as(browser.redirectParameters().toString()).isNotNull();
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("authorization_code"));
        form.put("client_id", List.of(APPROVAL_CLIENT));
        form.put("code", List.of(code));
        form.put("redirect_uri", List.of(back.toString()));
        form.put("code_verifier", List.of(verifier));
        TokenEndpoint.Answer answer = new TokenEndpoint(server.realmUrl(realm)).post(null, form);
        assertThat(answer.ok()).as(answer.describe()).isTrue();
        return answer;
    }

    /** The ids of the approvals the token's person may decide. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> pending(String token) throws Exception {
        HttpResponse<String> answer = request(token, "GET", "api/approvals", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return ((List<Object>) JSONObjectUtils.parse(answer.body()).get("approvals")).stream().map(item -> (Map<String, Object>) item).toList();
    }

    /** The id of the pending approval with this binding message. */
    public String pendingId(String token, String bindingMessage) throws Exception {
        return pending(token).stream().filter(item -> bindingMessage.equals(item.get("binding_message"))).map(item -> (String) item.get("id"))
                .findFirst().orElseThrow(() -> new AssertionError("no pending approval " + bindingMessage));
    }

    /** The person approves the pending approval with this binding message: it is listed for them and decided once (200). */
    public void approve(String approverToken, String bindingMessage) throws Exception {
        HttpResponse<String> decided = decide(approverToken, pendingId(approverToken, bindingMessage), "approve");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    }

    /** A request approved and the token its poll yielded. */
    public record Approved(String authReqId, TokenEndpoint.Answer token) {
    }

    /**
     * One approval end to end, each step checked as the tests need it: the agent asks (200), its poll is pending,
     * {@code approverToken}'s person approves it (listed, 200), and the next poll yields a token (200).
     */
    public Approved approvedToken(String agent, String secret, String loginHint, String scope, String bindingMessage,
                                  String approverToken) throws Exception {
        String authReqId = authReqId(ciba(agent, secret, loginHint, scope, bindingMessage, Map.of()));
        ClientAuthentication client = OidcClient.secret(agent, secret);
        TokenEndpoint.Answer pending = poll(client, Map.of("auth_req_id", authReqId));
        assertThat(pending.error()).as(pending.describe()).isEqualTo("authorization_pending");
        approve(approverToken, bindingMessage);
        TokenEndpoint.Answer token = poll(client, Map.of("auth_req_id", authReqId));
        assertThat(token.ok()).as(token.describe()).isTrue();
        return new Approved(authReqId, token);
    }

    public HttpResponse<String> decide(String token, String id, String decision) throws Exception {
        return request(token, "POST", "api/approvals/" + enc(id), "decision=" + enc(decision));
    }

    /** A call of the approval page's API with the person's token ({@code null}: none); {@code form} for a POST body. */
    public HttpResponse<String> request(String token, String method, String path, String form) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.realmUrl(realm) + "/" + APPROVAL_CLIENT + "/" + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (form != null) {
            builder.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.Realms;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The review page served by the pack and the PKCE public client it logs in with: static files only from the JAR
 * with a strict content policy, the client provisioned with governance and removed without it, PKCE and the
 * page's redirect URI enforced, and a realm administrator's code-flow token driving the review API.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewPageIT {

    private static final String REALM = "review-page";
    private static final String CLIENT = "idgov-review";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private KeycloakServer server;
    private RealmResource realm;

    @BeforeAll
    void setUp(KeycloakServer server) {
        this.server = server;
        RealmRepresentation rep = Realms.governed(REALM, "enforce");
        UserRepresentation reviewer = Realms.human("reviewer", true);
        reviewer.setClientRoles(Map.of("realm-management", List.of("manage-users")));
        rep.getUsers().add(reviewer);
        realm = Realms.create(server, rep);
    }

    @Test
    void servesThePageItsScriptAndStylesFromTheJarOnly() throws Exception {
        HttpResponse<String> page = get(pageUrl());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"review.js\"").contains("<label for=\"f-class\">").doesNotContain("http://", "https://");
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'");
        HttpResponse<String> script = get(pageUrl() + "review.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(script.body()).contains("code_challenge_method: 'S256'").doesNotContain("http://", "https://");
        assertThat(get(pageUrl() + "review.css").statusCode()).isEqualTo(200);
        for (String other : List.of("secret.txt", "..%2F..%2FMETA-INF%2FMANIFEST.MF", "%2e%2e%2fidgov-review%2freview.js", "Index.html")) {
            assertThat(get(pageUrl() + other).statusCode()).as(other).isIn(400, 404); // the server refuses encoded traversal itself
        }
        assertThat(get(server.realmUrl(REALM) + "/identity-governance/review").headers().firstValue("Location")).contains("review/");
    }

    @Test
    void governanceProvisionsALockedDownPkceClientAndRemovesItWhenSwitchedOff() throws Exception {
        ClientRepresentation client = realm.clients().findByClientId(CLIENT).get(0);
        assertThat(client.isPublicClient()).isTrue();
        assertThat(client.isStandardFlowEnabled()).isTrue();
        assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
        assertThat(client.isImplicitFlowEnabled()).isFalse();
        assertThat(client.getAttributes()).containsEntry("pkce.code.challenge.method", "S256");
        assertThat(client.getRedirectUris()).containsExactly("/realms/" + REALM + "/identity-governance/review/*");
        assertThat(get(pageUrl() + "client").statusCode()).isEqualTo(204);

        RealmResource other = Realms.create(server, Realms.governed("review-page-switch", "monitor"));
        assertThat(other.clients().findByClientId(CLIENT)).hasSize(1);
        RealmRepresentation off = other.toRepresentation();
        off.getAttributes().put(Realms.MODE_ATTRIBUTE, "off");
        other.update(off);
        assertThat(other.clients().findByClientId(CLIENT)).isEmpty();
        assertThat(get(server.realmUrl("review-page-switch") + "/identity-governance/review/client").statusCode()).isEqualTo(404);
        assertThat(get(server.realmUrl("master") + "/identity-governance/review/client").statusCode()).isEqualTo(404);
    }

    @Test
    void theClientRefusesLoginsWithoutPkceOrToAnotherPageOrByPassword() throws Exception {
        String auth = server.realmUrl(REALM) + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=" + CLIENT
                + "&redirect_uri=" + enc(redirectUri().toString()) + "&state=s";
        // no code_challenge: Keycloak answers the redirect URI with an error instead of a login page
        HttpResponse<String> noPkce = get(auth);
        assertThat(noPkce.statusCode()).isEqualTo(302);
        assertThat(noPkce.headers().firstValue("Location").orElse("")).contains("error=invalid_request").contains("code_challenge");
        // plain PKCE is not S256
        HttpResponse<String> plain = get(auth + "&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq&code_challenge_method=plain");
        assertThat(plain.headers().firstValue("Location").orElse("")).contains("error=invalid_request");
        // another redirect URI is refused outright
        HttpResponse<String> elsewhere = get(auth.replace(enc(redirectUri().toString()), enc("http://127.0.0.1:1/steal")) + "&code_challenge=x&code_challenge_method=S256");
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("Invalid parameter: redirect_uri");
        // no password grant
        HttpResponse<String> password = post(server.realmUrl(REALM) + "/protocol/openid-connect/token",
                "grant_type=password&client_id=" + CLIENT + "&username=reviewer&password=" + enc(Realms.PASSWORD));
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(password.body()).contains("unauthorized_client");
    }

    @Test
    void aRealmAdministratorsPkceTokenDrivesTheReviewApi() throws Exception {
        String verifier = "verifier-" + "x".repeat(50);
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String code = pkceCode(challenge);
        String tokenUrl = server.realmUrl(REALM) + "/protocol/openid-connect/token";
        String form = "grant_type=authorization_code&client_id=" + CLIENT + "&code=" + enc(code) + "&redirect_uri=" + enc(redirectUri().toString());
        // the wrong verifier is refused (and burns nothing the right one needs: a new code is fetched below)
        HttpResponse<String> wrong = post(tokenUrl, form + "&code_verifier=" + "y".repeat(60));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("invalid_grant");

        code = pkceCode(challenge);
        form = "grant_type=authorization_code&client_id=" + CLIENT + "&code=" + enc(code) + "&redirect_uri=" + enc(redirectUri().toString());
        HttpResponse<String> token = post(tokenUrl, form + "&code_verifier=" + verifier);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String accessToken = (String) GovernanceApi.json(token).get("access_token");
        GovernanceApi api = new GovernanceApi(server.baseUrl(), REALM);
        assertThat(api.getJson("/statistics", accessToken)).containsEntry("realm", REALM);
        String olivia = realm.users().search("olivia", true).get(0).getId();
        assertThat(api.postJson("/identities/" + olivia + "/review", accessToken, "{\"comment\":\"from the page\"}"))
                .containsEntry("reviewedBy", "reviewer");
    }

    @Test
    void theAdminThemeIsInstalled() {
        assertThat(server.adminClient().serverInfo().getInfo().getThemes().get("admin")).anyMatch(t -> "idgov".equals(t.getName()));
    }

    /** The front channel of the code flow with a PKCE challenge, as the page's browser does it: login form, code back. */
    private String pkceCode(String challenge) throws Exception {
        HttpResponse<String> login = get(server.realmUrl(REALM) + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id="
                + CLIENT + "&redirect_uri=" + enc(redirectUri().toString()) + "&state=s1&code_challenge=" + challenge
                + "&code_challenge_method=S256");
        Matcher action = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(login.body());
        assertThat(action.find()).as("login form").isTrue();
        // Keycloak's cookies are Secure (SameSite=None), which java.net withholds over http: carried by hand
        String cookies = String.join("; ", login.headers().allValues("Set-Cookie").stream()
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).toList());
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString("username=reviewer&password=" + enc(Realms.PASSWORD) + "&credentialId=")).build(),
                HttpResponse.BodyHandlers.ofString());
        String location = answer.headers().firstValue("Location").orElse("");
        Matcher code = Pattern.compile("[?&]code=([^&#]+)").matcher(location);
        assertThat(location).startsWith(redirectUri().toString());
        assertThat(code.find()).as(location).isTrue();
        return java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    private String pageUrl() {
        return server.realmUrl(REALM) + "/identity-governance/review/";
    }

    private URI redirectUri() {
        return URI.create(pageUrl());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

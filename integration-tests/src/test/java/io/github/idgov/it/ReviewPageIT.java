package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.BrowserLogin;
import io.github.idgov.it.support.Eventually;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.Realms;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
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
    private static final String MASTER = "master";

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
        // other realms stay governed: master keeps its client
        assertThat(get(server.realmUrl(MASTER) + "/identity-governance/review/client").statusCode()).isEqualTo(204);
    }

    @Test
    void masterHasTheLockedDownClientWhileARealmIsGoverned() throws Exception {
        ClientRepresentation client = masterClient();
        assertThat(client.isPublicClient()).isTrue();
        assertThat(client.isStandardFlowEnabled()).isTrue();
        assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
        assertThat(client.isImplicitFlowEnabled()).isFalse();
        assertThat(client.isServiceAccountsEnabled()).isFalse();
        assertThat(client.getRootUrl()).isEqualTo("${authBaseUrl}");
        assertThat(client.getRedirectUris()).containsExactly("/realms/master/identity-governance/review/*");
        assertThat(client.getAttributes()).containsEntry("pkce.code.challenge.method", "S256").containsEntry("idgov.managed", "true")
                .containsEntry("oauth2.device.authorization.grant.enabled", "false");
        assertThat(get(server.realmUrl(MASTER) + "/identity-governance/review/client").statusCode()).isEqualTo(204);
    }

    @Test
    void theMasterClientRefusesAnotherPathThePasswordGrantAndPlainPkce() throws Exception {
        String auth = server.realmUrl(MASTER) + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=" + CLIENT
                + "&state=s&code_challenge=" + "c".repeat(43) + "&code_challenge_method=S256&redirect_uri=";
        for (String elsewhere : List.of(pageUrl(), server.realmUrl(MASTER) + "/account/", server.realmUrl(MASTER) + "/identity-governance/other/",
                server.baseUrl() + "/admin/master/console/")) {
            HttpResponse<String> refused = get(auth + enc(elsewhere));
            assertThat(refused.statusCode()).as(elsewhere).isEqualTo(400);
            assertThat(refused.body()).as(elsewhere).contains("Invalid parameter: redirect_uri");
        }
        HttpResponse<String> page = get(auth + enc(pageUri(MASTER).toString()));
        assertThat(page.statusCode()).isEqualTo(200); // the login form: the page itself is a valid target
        HttpResponse<String> plain = get(auth.replace("code_challenge_method=S256", "code_challenge_method=plain") + enc(pageUri(MASTER).toString()));
        assertThat(plain.headers().firstValue("Location").orElse("")).contains("error=invalid_request");
        HttpResponse<String> password = post(server.realmUrl(MASTER) + "/protocol/openid-connect/token",
                "grant_type=password&client_id=" + CLIENT + "&username=" + KeycloakServer.ADMIN_USERNAME + "&password=" + KeycloakServer.ADMIN_PASSWORD);
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(password.body()).contains("unauthorized_client");
    }

    @Test
    void aMasterUserWithTheRealmsUserRightsReviewsItAndOneWithoutGets403() throws Exception {
        RealmResource master = server.adminClient().realm(MASTER);
        String ops = Realms.createdId(master.users().create(Realms.human("ops-review", true)));
        String nobody = Realms.createdId(master.users().create(Realms.human("ops-nothing", true)));
        try {
            // the rights a master administrator holds over this realm: roles of master's client "review-page-realm"
            ClientRepresentation realmClient = master.clients().findByClientId(REALM + "-realm").get(0);
            master.users().get(ops).roles().clientLevel(realmClient.getId()).add(List.of("query-users", "view-users", "manage-users").stream()
                    .map(role -> master.clients().get(realmClient.getId()).roles().get(role).toRepresentation()).toList());
            GovernanceApi api = new GovernanceApi(server.baseUrl(), REALM);
            String olivia = realm.users().search("olivia", true).get(0).getId();

            String opsToken = pageToken(MASTER, "ops-review");
            assertThat(api.usernames("", opsToken)).contains("olivia", "reviewer");
            assertThat(api.postJson("/identities/" + olivia + "/review", opsToken, "{\"comment\":\"from master\"}"))
                    .containsEntry("reviewedBy", "ops-review@master");
            assertThat(realm.users().get(olivia).toRepresentation().getAttributes())
                    .containsEntry("identity_last_reviewed_by", List.of("ops-review@master"));

            String nobodyToken = pageToken(MASTER, "ops-nothing");
            assertThat(api.get("/identities", nobodyToken).statusCode()).isEqualTo(403);
            assertThat(api.get("/statistics", nobodyToken).statusCode()).isEqualTo(403);
            assertThat(api.post("/identities/" + olivia + "/review", nobodyToken, "{}").statusCode()).isEqualTo(403);
        } finally {
            master.users().get(ops).remove();
            master.users().get(nobody).remove();
        }
    }

    @Test
    void aSwitchBringsThePacksMasterClientBackAndLeavesAnAdministratorsOwnAlone() throws Exception {
        RealmResource master = server.adminClient().realm(MASTER);
        // the pack's client, loosened by hand, is brought back to its shape at the next switch
        ClientRepresentation packs = masterClient();
        packs.setRedirectUris(List.of("/realms/master/identity-governance/review/*", "http://127.0.0.1:9/*"));
        packs.setDirectAccessGrantsEnabled(true);
        master.clients().get(packs.getId()).update(packs);
        RealmResource trigger = Realms.create(server, Realms.governed("review-page-trigger", "monitor"));
        Eventually.until("master's client back in shape", Duration.ofSeconds(30),
                () -> masterClient().getRedirectUris().size() == 1 && !masterClient().isDirectAccessGrantsEnabled());
        assertThat(masterClient().getId()).isEqualTo(packs.getId());

        // one an administrator added by hand (no idgov.managed) is theirs: a switch neither changes nor removes it
        master.clients().get(packs.getId()).remove();
        ClientRepresentation own = new ClientRepresentation();
        own.setClientId(CLIENT);
        own.setPublicClient(true);
        own.setRootUrl("${authBaseUrl}");
        own.setRedirectUris(List.of("/realms/master/identity-governance/review/*", "http://127.0.0.1:9/*"));
        String ownId = Realms.createdId(master.clients().create(own));
        try {
            switchMode(trigger, "off");
            switchMode(trigger, "monitor");
            Eventually.until("the switch's reconciliation logged", Duration.ofSeconds(30),
                    () -> server.logContains("Realm master has an idgov-review client the pack did not create; left as it is"));
            ClientRepresentation after = masterClient();
            assertThat(after.getId()).isEqualTo(ownId);
            assertThat(after.getRedirectUris()).containsExactlyInAnyOrder("/realms/master/identity-governance/review/*", "http://127.0.0.1:9/*");
            assertThat(after.getAttributes()).doesNotContainKey("idgov.managed");
        } finally {
            // gone: the next switch provisions the pack's own again
            master.clients().get(ownId).remove();
            switchMode(trigger, "off");
            Eventually.until("the pack's master client again", Duration.ofSeconds(30),
                    () -> !master.clients().findByClientId(CLIENT).isEmpty());
        }
        assertThat(masterClient().getAttributes()).containsEntry("idgov.managed", "true");
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

    /** An access token of the page's client in {@code loginRealm}, through the code flow with PKCE as the page does it. */
    private String pageToken(String loginRealm, String username) throws Exception {
        String verifier = "verifier-" + "v".repeat(50);
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String location = BrowserLogin.redirect(server.realmUrl(loginRealm), CLIENT, pageUri(loginRealm), username, Realms.PASSWORD,
                Map.of("response_type", "code", "scope", "openid", "code_challenge", challenge, "code_challenge_method", "S256"));
        assertThat(location).startsWith(pageUri(loginRealm).toString());
        String code = BrowserLogin.parameters(location).get("code");
        HttpResponse<String> token = post(server.realmUrl(loginRealm) + "/protocol/openid-connect/token", "grant_type=authorization_code&client_id="
                + CLIENT + "&code=" + enc(code) + "&redirect_uri=" + enc(pageUri(loginRealm).toString()) + "&code_verifier=" + verifier);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return (String) GovernanceApi.json(token).get("access_token");
    }

    private ClientRepresentation masterClient() {
        List<ClientRepresentation> found = server.adminClient().realm(MASTER).clients().findByClientId(CLIENT);
        assertThat(found).as("master's " + CLIENT + " client").hasSize(1);
        return found.get(0);
    }

    private static void switchMode(RealmResource realm, String mode) {
        RealmRepresentation rep = realm.toRepresentation();
        rep.getAttributes().put(Realms.MODE_ATTRIBUTE, mode);
        realm.update(rep);
    }

    private URI pageUri(String loginRealm) {
        return URI.create(server.realmUrl(loginRealm) + "/identity-governance/review/");
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

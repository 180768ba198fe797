package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.BrowserLogin;
import io.github.idgov.it.support.Chromium;
import io.github.idgov.it.support.DelegationRealm;
import io.github.idgov.it.support.FlowBindings;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.NoRefresh;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.TokenEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * A person's browser login into an ai-agent's own client (issue 6): the token the agent gets is bounded as a
 * delegated token is (act, no refresh or offline token, at most the delegation's max TTL of 300 s while the realm
 * gives 600 s, scopes within the agent's autonomy tier), in the code flow and the implicit flow; a refresh token the
 * agent got while the realm was in monitor is refused once it enforces; monitor lets everything through with a
 * decision; a login into an ordinary application is unchanged.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentLoginIT {

    private static final String ENFORCE = "agentlogin-enforce";
    private static final String MONITOR = "agentlogin-monitor";
    private static final String SWITCH = "agentlogin-switch";
    private static final URI REDIRECT = URI.create("http://127.0.0.1/callback");
    /** The delegation provider's default max-ttl-seconds; the realms give access tokens 600 s. */
    private static final long MAX_TTL = 300;

    private KeycloakServer server;
    private RealmResource enforce;

    @BeforeAll
    void createRealms(KeycloakServer server) {
        this.server = server;
        enforce = realm(ENFORCE, "enforce");
        realm(MONITOR, "monitor");
        realm(SWITCH, "monitor");
    }

    /** The delegation realm, where alice and bob may hold offline tokens (so only the pack stands in the way). */
    private RealmResource realm(String name, String mode) {
        RealmResource realm = Realms.create(server, DelegationRealm.representation(name, mode));
        DelegationRealm.configure(realm);
        RoleRepresentation offline = realm.roles().get("offline_access").toRepresentation();
        for (String username : List.of("alice", "bob")) {
            Principals.user(realm, username).roles().realmLevel().add(List.of(offline));
        }
        return realm;
    }

    @Test
    void theCodeFlowTokenIsBoundedLikeADelegatedToken() throws Exception {
        TokenEndpoint.Answer login = codeFlow(ENFORCE, "agent", "alice", "openid orders:read orders:suggest");
        assertThat(login.ok()).as(login.describe()).isTrue();
        assertThat(login.body()).as("never refreshed").doesNotContainKey("refresh_token");
        JWTClaimsSet token = login.claims();
        String agentSubject = Principals.serviceAccount(enforce, "agent").toRepresentation().getId();
        assertThat(token.getSubject()).isEqualTo(Principals.user(enforce, "alice").toRepresentation().getId());
        assertThat(token.getStringClaim("azp")).isEqualTo("agent");
        assertThat(token.getJSONObjectClaim("act")).containsOnly(Map.entry("sub", agentSubject),
                Map.entry("client_id", "agent"), Map.entry("identity_class", "ai-agent"));
        assertThat(token.getStringClaim("scope").split(" ")).contains("orders:read", "orders:suggest")
                .doesNotContain("orders:write", "payments:execute", "offline_access");
        assertThat(lifetime(token)).as("max TTL 300 s, not the realm's 600 s").isBetween(1L, MAX_TTL);
        assertThat(((Number) login.body().get("expires_in")).longValue()).isBetween(1L, MAX_TTL);
        JWTClaimsSet idToken = JWTParser.parse((String) login.body().get("id_token")).getJWTClaimsSet();
        assertThat(lifetime(idToken)).as("the ID token too: max TTL, not the realm's 600 s").isBetween(1L, MAX_TTL);
        assertThat(idToken.getExpirationTime()).isBeforeOrEqualTo(token.getExpirationTime());
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=allow realm=" + ENFORCE
                + " principal=service-account-agent policy=delegation-grant reason=\"login token of alice for ai-agent agent"
                + " bounded as a delegated token: refresh token withheld"), "allow decision naming the bounds");

        // nothing to refresh with: the grant is refused for want of a token, and the user's app token is not the agent's
        NoRefresh.assertRefused(server.realmUrl(ENFORCE), agent("agent"), login.accessToken());
    }

    @Test
    void aScopeAboveTheAgentsTierIsRefusedAtTheLoginNamingScopeAndTiers() throws Exception {
        Map<String, String> answer = authorizationError(ENFORCE, "agent", "openid orders:read orders:write");
        assertThat(answer).containsEntry("error", "invalid_scope");
        assertThat(answer.get("error_description"))
                .isEqualTo("scope 'orders:write' needs a higher autonomy tier than the agent's (needs act, agent is recommend)");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-agent policy=delegation-scope reason=\"scope 'orders:write' needs a higher"
                + " autonomy tier than the agent's (needs act, agent is recommend) [grant authorization"), "deny decision for the tier");

        Map<String, String> irreversible = authorizationError(ENFORCE, "agent", "openid payments:execute");
        assertThat(irreversible).containsEntry("error", "invalid_scope");
        assertThat(irreversible.get("error_description")).startsWith("scope 'payments:execute' is irreversible and needs a human approval (CIBA)");
    }

    @Test
    void defaultScopesOutsideTheAgentsGrantAreDroppedWithTheirMappers() throws Exception {
        // agent-s (recommend) gets, as default scopes nobody asks for: orders:read (observe, audience orders-api), an
        // act-tier scope whose mapper adds the audience billing-api, and the irreversible payments:execute
        String admin = DelegationRealm.tieredScopeWithAudience(enforce, "orders:admin", "act", "billing-api");
        String read = DelegationRealm.scopeId(enforce, "orders:read");
        String payments = DelegationRealm.scopeId(enforce, "payments:execute");
        ClientResource agentS = DelegationRealm.client(enforce, "agent-s");
        agentS.removeOptionalClientScope(read);
        for (String id : List.of(read, admin, payments)) {
            agentS.addDefaultClientScope(id);
        }
        try {
            TokenEndpoint.Answer login = codeFlow(ENFORCE, "agent-s", "alice", "openid");
            assertThat(login.ok()).as(login.describe()).isTrue();
            JWTClaimsSet token = login.claims();
            assertThat(token.getStringClaim("scope").split(" ")).contains("orders:read")
                    .doesNotContain("orders:admin", "payments:execute", "profile", "email");
            assertThat(token.getAudience()).as("the dropped scope's audience mapper went with it").contains("orders-api")
                    .doesNotContain("billing-api");
            assertThat(token.getClaim("preferred_username")).as("profile is unmarked (needs act): dropped").isNull();
            assertThat(token.getJSONObjectClaim("act")).containsEntry("client_id", "agent-s");
            JWTClaimsSet idToken = JWTParser.parse((String) login.body().get("id_token")).getJWTClaimsSet();
            assertThat(idToken.getClaim("email")).as("the ID token holds the kept scopes' claims only").isNull();
            assertThat(lifetime(idToken)).isBetween(1L, MAX_TTL);
            server.waitFor(Duration.ofSeconds(30), () -> decisionLine(ENFORCE, "login token of alice for ai-agent agent-s bounded")
                    .filter(line -> line.contains("default scopes outside the agent's grant dropped: ")
                            && line.contains("orders:admin") && line.contains("payments:execute") && !line.contains("orders:read"))
                    .isPresent(), "the allow decision naming the dropped default scopes");

            // asked for, the same scope is refused, as in the exchange (a requested scope is never silently dropped)
            Map<String, String> asked = authorizationError(ENFORCE, "agent-s", "openid orders:admin");
            assertThat(asked).containsEntry("error", "invalid_scope");
            assertThat(asked.get("error_description"))
                    .isEqualTo("scope 'orders:admin' needs a higher autonomy tier than the agent's (needs act, agent is recommend)");
        } finally {
            for (String id : List.of(read, admin, payments)) {
                agentS.removeDefaultClientScope(id);
            }
            agentS.addOptionalClientScope(read);
        }
    }

    @Test
    void aCustomDefaultScopeAboveTheAgentsTierBringsNoClaimBackAtUserinfoOrIntrospection() throws Exception {
        // agent-s (recommend) gets a default scope the test makes, act-tier, whose hardcoded claim is for the access
        // token, the ID token, userinfo and introspection (which Keycloak rebuilds from all of the client's defaults)
        String leak = DelegationRealm.scopeWithClaim(enforce, "leak:login", "act", "leak_marker");
        ClientResource agentS = DelegationRealm.client(enforce, "agent-s");
        ClientResource app = DelegationRealm.client(enforce, "app");
        agentS.addDefaultClientScope(leak);
        app.addOptionalClientScope(leak);
        OidcClient oidc = new OidcClient(server.realmUrl(ENFORCE));
        ClientAuthentication ordersApi = OidcClient.secret("orders-api", DelegationRealm.SECRET);
        try {
            // the control: alice's own token, where the scope is asked for, carries the claim in all three places
            TokenEndpoint.Answer own = passwordToken(ENFORCE, "alice", "openid orders:read leak:login");
            BearerAccessToken ownBearer = new BearerAccessToken(own.accessToken());
            assertThat(own.claims().getClaims()).containsEntry("leak_marker", "leaked");
            assertThat(oidc.userInfo(ownBearer)).containsEntry("leak_marker", "leaked");
            assertThat(oidc.introspect(ordersApi, ownBearer)).containsEntry("active", true).containsEntry("leak_marker", "leaked");

            TokenEndpoint.Answer login = codeFlow(ENFORCE, "agent-s", "alice", "openid orders:read");
            assertThat(login.ok()).as(login.describe()).isTrue();
            JWTClaimsSet token = login.claims();
            assertThat(token.getStringClaim("scope").split(" ")).contains("orders:read").doesNotContain("leak:login");
            assertThat(token.getClaims()).doesNotContainKey("leak_marker");
            assertThat(token.getJSONObjectClaim("act")).containsEntry("client_id", "agent-s");
            assertThat(token.getAudience()).contains("orders-api");
            JWTClaimsSet idToken = JWTParser.parse((String) login.body().get("id_token")).getJWTClaimsSet();
            assertThat(idToken.getClaims()).doesNotContainKey("leak_marker");
            BearerAccessToken bearer = new BearerAccessToken(login.accessToken());

            Map<String, Object> userInfo = oidc.userInfo(bearer);
            assertThat(userInfo).containsEntry("sub", token.getSubject()).doesNotContainKey("leak_marker");
            assertThat(userInfo.get("act")).isEqualTo(token.getJSONObjectClaim("act"));
            Map<String, Object> introspection = oidc.introspect(ordersApi, bearer);
            assertThat(introspection).containsEntry("active", true).containsEntry("client_id", "agent-s").doesNotContainKey("leak_marker");
            assertThat(introspection.get("scope")).isEqualTo(token.getStringClaim("scope"));
            assertThat(introspection.get("act")).isEqualTo(token.getJSONObjectClaim("act"));
        } finally {
            app.removeOptionalClientScope(leak);
            agentS.removeDefaultClientScope(leak);
        }
    }

    @Test
    void anAgentWhoseSponsorIsDisabledGetsNoTokenFromAPersonsLogin() throws Exception {
        UserResource sam = Principals.user(enforce, "sam"); // agent-s's sponsor
        Principals.setEnabled(sam, false);
        try {
            TokenEndpoint.Answer refused = codeFlow(ENFORCE, "agent-s", "alice", "openid orders:read");
            assertThat(refused.status()).as(refused.describe()).isEqualTo(401);
            assertThat(refused.error()).isEqualTo("invalid_client");
            assertThat(refused.description()).contains("sam");
        } finally {
            Principals.setEnabled(sam, true);
        }
        TokenEndpoint.Answer control = codeFlow(ENFORCE, "agent-s", "alice", "openid orders:read");
        assertThat(control.ok()).as("the sponsor enabled again: " + control.describe()).isTrue();
    }

    /** The implicit flow's token never reaches the token endpoint: the agent is checked at the authorization endpoint. */
    @Test
    void anAgentWhoseSponsorIsDisabledGetsNoTokenFromAPersonsImplicitLogin() throws Exception {
        FlowBindings.enableImplicitFlow(enforce, "agent-s");
        Map<String, String> implicit = Map.of("response_type", "token", "scope", "openid orders:read");
        UserResource sam = Principals.user(enforce, "sam"); // agent-s's sponsor
        Principals.setEnabled(sam, false);
        try {
            String location = BrowserLogin.redirect(server.realmUrl(ENFORCE), "agent-s", REDIRECT, "alice", Realms.PASSWORD, implicit);
            Map<String, String> refused = BrowserLogin.parameters(location);
            // Keycloak redirects a client-policy refusal here with the error code as error_description and no error
            assertThat(refused).as(location).doesNotContainKey("access_token").containsEntry("error_description", "invalid_client");
            server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=deny realm=" + ENFORCE
                    + " principal=service-account-agent-s policy=lifecycle-orphan") && server.logContains("[grant implicit"),
                    "deny decision for the agent at the implicit login");
        } finally {
            Principals.setEnabled(sam, true);
        }
        Map<String, String> control = BrowserLogin.parameters(BrowserLogin.redirect(server.realmUrl(ENFORCE), "agent-s", REDIRECT,
                "alice", Realms.PASSWORD, implicit));
        assertThat(control).as("the sponsor enabled again").containsKey("access_token");
    }

    @Test
    void theHybridFlowIsBoundedOnItsOwn() throws Exception {
        ClientRepresentation client = DelegationRealm.client(enforce, "agent2").toRepresentation();
        client.setImplicitFlowEnabled(true);
        DelegationRealm.client(enforce, "agent2").update(client);

        String location = BrowserLogin.redirect(server.realmUrl(ENFORCE), "agent2", REDIRECT, "carol", Realms.PASSWORD,
                Map.of("response_type", "code id_token", "scope", "openid orders:read"));
        Map<String, String> fragment = BrowserLogin.parameters(location);
        assertThat(fragment).as(location).containsKeys("code", "id_token").doesNotContainKey("access_token");
        JWTClaimsSet frontIdToken = JWTParser.parse(fragment.get("id_token")).getJWTClaimsSet();
        assertThat(lifetime(frontIdToken)).as("the front-channel ID token: max TTL, not the realm's 600 s").isBetween(1L, MAX_TTL);
        assertThat(frontIdToken.getStringClaim("nonce")).isEqualTo("n1");
        assertThat(frontIdToken.getStringClaim("c_hash")).isNotBlank();
        assertThat(frontIdToken.getClaim("email")).as("email, unmarked, is dropped here too").isNull();

        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("authorization_code"));
        form.put("code", List.of(fragment.get("code")));
        form.put("redirect_uri", List.of(REDIRECT.toString()));
        TokenEndpoint.Answer redeemed = new TokenEndpoint(server.realmUrl(ENFORCE)).post(agent("agent2"), form);
        assertThat(redeemed.ok()).as(redeemed.describe()).isTrue();
        assertThat(redeemed.body()).as("never refreshed").doesNotContainKey("refresh_token");
        JWTClaimsSet token = redeemed.claims();
        assertThat(token.getJSONObjectClaim("act")).containsEntry("client_id", "agent2");
        assertThat(lifetime(token)).isBetween(1L, MAX_TTL);
        JWTClaimsSet idToken = JWTParser.parse((String) redeemed.body().get("id_token")).getJWTClaimsSet();
        assertThat(lifetime(idToken)).isBetween(1L, MAX_TTL);
        assertThat(idToken.getStringClaim("at_hash")).as("computed on the bounded access token").isNotBlank();

        // a scope above the tier is refused at the hybrid request, before any token
        Map<String, String> refused = BrowserLogin.parameters(BrowserLogin.redirect(server.realmUrl(ENFORCE), "agent2", REDIRECT,
                "carol", Realms.PASSWORD, Map.of("response_type", "code id_token", "scope", "openid orders:write")));
        assertThat(refused).containsEntry("error", "invalid_scope").doesNotContainKeys("code", "id_token");
    }

    @Test
    void offlineAccessIsRefusedAndNoOfflineSessionIsLeft() throws Exception {
        Map<String, String> answer = authorizationError(ENFORCE, "agent2", "openid offline_access");
        assertThat(answer).containsEntry("error", "invalid_scope");
        assertThat(answer.get("error_description")).isEqualTo("scope 'offline_access' is not granted to an ai-agent:"
                + " its tokens for a person are never refreshed");
        String agentUuid = DelegationRealm.client(enforce, "agent2").toRepresentation().getId();
        assertThat(Principals.user(enforce, "bob").getOfflineSessions(agentUuid)).isEmpty();

        // offline_access made a default scope of the agent's client (nobody asks for it): refused all the same
        String offlineScope = enforce.clientScopes().findAll().stream().filter(s -> "offline_access".equals(s.getName()))
                .findFirst().orElseThrow().getId();
        DelegationRealm.client(enforce, "agent2").removeOptionalClientScope(offlineScope);
        DelegationRealm.client(enforce, "agent2").addDefaultClientScope(offlineScope);
        try {
            assertThat(authorizationError(ENFORCE, "agent2", "openid orders:read")).containsEntry("error", "invalid_scope");
        } finally {
            DelegationRealm.client(enforce, "agent2").removeDefaultClientScope(offlineScope);
            DelegationRealm.client(enforce, "agent2").addOptionalClientScope(offlineScope);
        }
    }

    @Test
    void theImplicitFlowTokenIsBoundedToo() throws Exception {
        ClientRepresentation client = DelegationRealm.client(enforce, "agent-x").toRepresentation();
        client.setImplicitFlowEnabled(true);
        DelegationRealm.client(enforce, "agent-x").update(client);

        String location = BrowserLogin.redirect(server.realmUrl(ENFORCE), "agent-x", REDIRECT, "carol", Realms.PASSWORD,
                Map.of("response_type", "token", "scope", "openid orders:read"));
        Map<String, String> fragment = BrowserLogin.parameters(location);
        assertThat(fragment).as(location).containsKey("access_token").doesNotContainKey("refresh_token");
        JWTClaimsSet token = JWTParser.parse(fragment.get("access_token")).getJWTClaimsSet();
        assertThat(token.getJSONObjectClaim("act")).containsEntry("client_id", "agent-x");
        assertThat(lifetime(token)).isBetween(1L, MAX_TTL);
        assertThat(Long.parseLong(fragment.get("expires_in"))).isBetween(1L, MAX_TTL);

        Map<String, String> refused = BrowserLogin.parameters(BrowserLogin.redirect(server.realmUrl(ENFORCE), "agent-x", REDIRECT,
                "carol", Realms.PASSWORD, Map.of("response_type", "token", "scope", "openid orders:write")));
        assertThat(refused).containsEntry("error", "invalid_scope");
    }

    @Test
    void theDeviceGrantTokenIsBoundedAndItsScopesJudgedAtTheToken() throws Exception {
        Chromium.assumeInstalled();
        ClientRepresentation client = DelegationRealm.client(enforce, "agent").toRepresentation();
        Map<String, String> attributes = new HashMap<>(client.getAttributes() == null ? Map.of() : client.getAttributes());
        attributes.put("oauth2.device.authorization.grant.enabled", "true");
        client.setAttributes(attributes);
        DelegationRealm.client(enforce, "agent").update(client);
        Grants grants = new Grants(server.realmUrl(ENFORCE));
        try (Chromium browser = Chromium.start()) {
            DeviceAuthorizationSuccessResponse device = grants.deviceAuthorization(agent("agent"), "openid orders:read");
            verifyDevice(browser, device, "bob");
            Grants.Result result = grants.deviceCode(agent("agent"), device.getDeviceCode()).requireSuccess();
            assertThat(result.refreshToken()).as("never refreshed").isNull();
            JWTClaimsSet token = JWTParser.parse(result.accessToken().getValue()).getJWTClaimsSet();
            assertThat(token.getJSONObjectClaim("act")).containsEntry("client_id", "agent");
            assertThat(lifetime(token)).isBetween(1L, MAX_TTL);

            // the device grant has no authorization request the guard sees: the scope is judged at the token
            DeviceAuthorizationSuccessResponse above = grants.deviceAuthorization(agent("agent"), "openid orders:write");
            verifyDevice(browser, above, "bob");
            Grants.Result refused = grants.deviceCode(agent("agent"), above.getDeviceCode());
            assertThat(refused.error()).as(refused.describe()).isNotNull();
            assertThat(refused.error().getCode()).isEqualTo("invalid_scope");
            assertThat(refused.error().getDescription()).contains("scope 'orders:write' needs a higher autonomy tier");
        }
    }

    private void verifyDevice(Chromium browser, DeviceAuthorizationSuccessResponse device, String username) {
        browser.driver().get(device.getVerificationURIComplete().toString());
        if (browser.waitForPage(REDIRECT) == Chromium.Page.USERNAME_PASSWORD) {
            browser.submitPassword(username, Realms.PASSWORD);
        }
        server.waitFor(Duration.ofSeconds(30), () -> browser.hasButton("accept") || browser.text().contains("Device Login Successful"),
                "the device consent page");
        if (browser.hasButton("accept")) {
            browser.click("accept");
        }
        server.waitFor(Duration.ofSeconds(30), () -> browser.text().contains("Device Login Successful"), "the device login");
    }

    @Test
    void monitorLetsTheLoginThroughWithDecisions() throws Exception {
        TokenEndpoint.Answer login = codeFlow(MONITOR, "agent", "alice", "openid orders:write offline_access");
        assertThat(login.ok()).as(login.describe()).isTrue();
        assertThat(login.body()).containsKey("refresh_token");
        JWTClaimsSet token = login.claims();
        assertThat(token.getJSONObjectClaim("act")).containsEntry("client_id", "agent");
        assertThat(lifetime(token)).as("the realm's lifetime: monitor bounds nothing").isGreaterThan(MAX_TTL);
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=service-account-agent policy=delegation-scope reason=\"" + "scope 'offline_access' is not granted"),
                "would-deny decision at the authorization request");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=service-account-agent policy=delegation-grant reason=\"login token of alice for ai-agent agent"
                + " would be bounded as a delegated token (refresh token withheld, "), "would-deny decision naming the bounds");
    }

    @Test
    void aRefreshTokenFromMonitorIsRefusedOnceTheRealmEnforces() throws Exception {
        TokenEndpoint.Answer login = codeFlow(SWITCH, "agent", "alice", "openid orders:read");
        assertThat(login.ok()).as(login.describe()).isTrue();
        String refreshToken = (String) login.body().get("refresh_token");
        assertThat(refreshToken).as("monitor lets the refresh token through").isNotNull();
        TokenEndpoint endpoint = new TokenEndpoint(server.realmUrl(SWITCH));
        Map<String, List<String>> refresh = new LinkedHashMap<>();
        refresh.put("grant_type", List.of("refresh_token"));
        refresh.put("refresh_token", List.of(refreshToken));
        TokenEndpoint.Answer monitored = endpoint.post(agent("agent"), refresh);
        assertThat(monitored.ok()).as(monitored.describe()).isTrue();
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=would-deny realm=" + SWITCH
                + " principal=service-account-agent policy=delegation-grant reason=\"ai-agent agent may not refresh a token"
                + " it holds for a person (alice)"), "would-deny decision for the refresh");

        setMode(server.adminClient().realm(SWITCH), "enforce");
        refresh.put("refresh_token", List.of((String) monitored.body().get("refresh_token")));
        TokenEndpoint.Answer refused = endpoint.post(agent("agent"), refresh);
        assertThat(refused.status()).as(refused.describe()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_grant");
        assertThat(refused.description()).startsWith("ai-agent agent may not refresh a token it holds for a person (alice)");
        // the original refresh token too (still valid to Keycloak: refresh tokens are not rotated here)
        refresh.put("refresh_token", List.of(refreshToken));
        assertThat(endpoint.post(agent("agent"), refresh).error()).isEqualTo("invalid_grant");
    }

    @Test
    void aLoginIntoAnOrdinaryApplicationIsUnchanged() throws Exception {
        String code = BrowserLogin.code(server.realmUrl(ENFORCE), "app", REDIRECT, "alice", Realms.PASSWORD, "openid offline_access");
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("authorization_code"));
        form.put("client_id", List.of("app"));
        form.put("code", List.of(code));
        form.put("redirect_uri", List.of(REDIRECT.toString()));
        TokenEndpoint.Answer login = new TokenEndpoint(server.realmUrl(ENFORCE)).post(null, form);
        assertThat(login.ok()).as(login.describe()).isTrue();
        assertThat(login.body()).containsKey("refresh_token");
        JWTClaimsSet token = login.claims();
        assertThat(token.getClaim("act")).isNull();
        assertThat(lifetime(token)).as("the realm's 600 s").isGreaterThan(MAX_TTL);
        assertThat(token.getStringClaim("scope").split(" ")).contains("offline_access");

        Map<String, List<String>> refresh = new LinkedHashMap<>();
        refresh.put("grant_type", List.of("refresh_token"));
        refresh.put("client_id", List.of("app"));
        refresh.put("refresh_token", List.of((String) login.body().get("refresh_token")));
        TokenEndpoint.Answer refreshed = new TokenEndpoint(server.realmUrl(ENFORCE)).post(null, refresh);
        assertThat(refreshed.ok()).as(refreshed.describe()).isTrue();
    }

    // --- helpers ---

    private TokenEndpoint.Answer codeFlow(String realm, String agentId, String username, String scope) throws Exception {
        String code = BrowserLogin.code(server.realmUrl(realm), agentId, REDIRECT, username, Realms.PASSWORD, scope);
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("authorization_code"));
        form.put("code", List.of(code));
        form.put("redirect_uri", List.of(REDIRECT.toString()));
        return new TokenEndpoint(server.realmUrl(realm)).post(agent(agentId), form);
    }

    /** A person's own token of the application app (password grant of the public client), checked issued. */
    private TokenEndpoint.Answer passwordToken(String realm, String username, String scope) throws Exception {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("password"));
        form.put("client_id", List.of("app"));
        form.put("username", List.of(username));
        form.put("password", List.of(Realms.PASSWORD));
        form.put("scope", List.of(scope));
        TokenEndpoint.Answer answer = new TokenEndpoint(server.realmUrl(realm)).post(null, form);
        assertThat(answer.ok()).as(answer.describe()).isTrue();
        return answer;
    }

    /** The error Keycloak redirects an authorization request to, before any login form. */
    private Map<String, String> authorizationError(String realm, String clientId, String scope) throws Exception {
        String location = BrowserLogin.redirect(server.realmUrl(realm), clientId, REDIRECT, "alice", Realms.PASSWORD,
                Map.of("response_type", "code", "scope", scope));
        assertThat(location).startsWith(REDIRECT.toString());
        return BrowserLogin.parameters(location);
    }

    /** The server log's decision line of a realm containing the text, if written yet. */
    private Optional<String> decisionLine(String realm, String text) {
        try {
            String log = new String(Files.readAllBytes(server.logFile()), StandardCharsets.UTF_8);
            return log.lines().filter(line -> line.contains("realm=" + realm) && line.contains(text)).reduce((first, last) -> last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lifetime(JWTClaimsSet token) {
        return token.getExpirationTime().getTime() / 1000 - token.getIssueTime().getTime() / 1000;
    }

    private static ClientAuthentication agent(String clientId) {
        return OidcClient.secret(clientId, DelegationRealm.SECRET);
    }

    private static void setMode(RealmResource realm, String mode) {
        RealmRepresentation rep = realm.toRepresentation();
        Map<String, String> attributes = new HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
        attributes.put(Realms.MODE_ATTRIBUTE, mode);
        rep.setAttributes(attributes);
        realm.update(rep);
    }
}

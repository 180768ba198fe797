package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.common.contenttype.ContentType;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.BrowserLogin;
import io.github.idgov.it.support.DelegationRealm;
import io.github.idgov.it.support.NoRefresh;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.TokenEndpoint;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * What userinfo and introspection say about a token an ai-agent holds for a person (issue 6): Keycloak rebuilds
 * their claims from the token's scope plus the client's default scopes, so a default scope the token left out (its
 * claims, its audience, its roles) must not come back there. Shown for a person's login into the agent's client and
 * for a delegated exchange (the approved token of CIBA: {@link AgentApprovalIT}); both show the token's act, and
 * introspection the token's own scope. Neither a scope parameter sent to the endpoints nor a client outside the
 * token's audience gets more. In monitor, where a login token keeps its default scopes, the endpoints show them too.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentTokenEndpointsIT {

    private static final String REALM = "endpoints-enforce";
    private static final String MONITOR = "endpoints-monitor";
    private static final String ROLES = "endpoints-roles";
    private static final String KEPT_ROLE = "orders-viewer";
    private static final String DROPPED_ROLE = "orders-administrator";
    private static final String UNMAPPED_ROLE = "payroll-clerk";
    private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    private static final URI REDIRECT = URI.create("http://127.0.0.1/callback");
    /** The claims of Keycloak's default profile, email and roles scopes, which these agents' tokens leave out. */
    private static final List<String> DROPPED_CLAIMS = List.of("email", "email_verified", "preferred_username", "name",
            "given_name", "family_name", "realm_access", "resource_access", "allowed-origins");

    private KeycloakServer server;
    private RealmResource realm;
    private OidcClient oidc;
    private String aliceId;

    @BeforeAll
    void createRealms(KeycloakServer server) {
        this.server = server;
        realm = realm(REALM, "enforce");
        realm(MONITOR, "monitor");
        oidc = new OidcClient(server.realmUrl(REALM));
        aliceId = Principals.user(realm, "alice").toRepresentation().getId();
    }

    /**
     * agent-s (recommend) gets, as default scopes nobody asks for: orders:read (observe, audience orders-api) and an
     * act-tier scope whose mapper adds the audience billing-api; Keycloak's profile, email and roles are unmarked.
     */
    private RealmResource realm(String name, String mode) {
        RealmResource created = Realms.create(server, DelegationRealm.representation(name, mode));
        DelegationRealm.configure(created);
        String admin = DelegationRealm.tieredScopeWithAudience(created, "orders:admin", "act", "billing-api");
        String read = DelegationRealm.scopeId(created, "orders:read");
        ClientResource agentS = DelegationRealm.client(created, "agent-s");
        agentS.removeOptionalClientScope(read);
        agentS.addDefaultClientScope(read);
        agentS.addDefaultClientScope(admin);
        return created;
    }

    @Test
    void theLoginTokenShowsAtUserinfoAndIntrospectionOnlyWhatItCarries() throws Exception {
        TokenEndpoint.Answer login = codeFlow("agent-s", "alice", "openid");
        assertThat(login.ok()).as(login.describe()).isTrue();
        JWTClaimsSet token = login.claims();
        assertThat(token.getAudience()).contains("orders-api").doesNotContain("billing-api");
        assertThat(token.getClaims()).doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
        BearerAccessToken bearer = new BearerAccessToken(login.accessToken());

        Map<String, Object> userInfo = oidc.userInfo(bearer);
        assertThat(userInfo).containsEntry("sub", aliceId).doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
        assertThat(userInfo.get("act")).isEqualTo(token.getJSONObjectClaim("act"));

        Map<String, Object> introspection = oidc.introspect(resourceServer("orders-api"), bearer);
        assertThat(introspection).containsEntry("active", true).containsEntry("sub", aliceId)
                .doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
        assertThat(scopes(introspection.get("scope"))).isEqualTo(scopes(token.getStringClaim("scope")));
        assertThat(introspection.get("act")).isEqualTo(token.getJSONObjectClaim("act"));
        assertThat(audiences(introspection.get("aud"))).as("the dropped scope's audience stays out")
                .containsExactlyInAnyOrderElementsOf(token.getAudience());

        // the dropped scope's audience does not let its resource server read the token either
        assertThat(oidc.introspect(resourceServer("billing-api"), bearer)).containsEntry("active", false);
        // a scope parameter sent along is not the token's scope
        assertThat(raw("userinfo", null, Map.of("access_token", login.accessToken(), "scope", "openid profile email roles")))
                .containsEntry("sub", aliceId).doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
        assertThat(raw("token/introspect", resourceServer("orders-api"), Map.of("token", login.accessToken(), "scope", "openid profile email roles orders:admin")))
                .containsEntry("active", true).doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
    }

    @Test
    void theDelegatedTokenShowsAtUserinfoAndIntrospectionOnlyWhatItCarries() throws Exception {
        // alice's app token carries profile and email; the agent asks for orders:read only
        TokenEndpoint.Answer user = userToken("alice", "orders:read delegate:agent");
        assertThat(user.claims().getClaims()).containsKeys("email", "preferred_username");
        TokenEndpoint.Answer exchanged = new TokenEndpoint(server.realmUrl(REALM)).exchange(agent("agent"), Map.of(
                "subject_token", user.accessToken(), "subject_token_type", ACCESS_TOKEN,
                "scope", "openid orders:read", "audience", "orders-api"));
        assertThat(exchanged.ok()).as(exchanged.describe()).isTrue();
        assertThat(exchanged.body()).doesNotContainKey("refresh_token");
        JWTClaimsSet token = exchanged.claims();
        assertThat(token.getClaims()).doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
        BearerAccessToken bearer = new BearerAccessToken(exchanged.accessToken());

        Map<String, Object> userInfo = oidc.userInfo(bearer);
        assertThat(userInfo).containsEntry("sub", aliceId).doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
        assertThat(userInfo.get("act")).isEqualTo(token.getJSONObjectClaim("act"));

        Map<String, Object> introspection = oidc.introspect(resourceServer("orders-api"), bearer);
        assertThat(introspection).containsEntry("active", true).containsEntry("client_id", "agent")
                .doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
        assertThat(scopes(introspection.get("scope"))).isEqualTo(scopes(token.getStringClaim("scope")));
        assertThat(introspection.get("act")).isEqualTo(token.getJSONObjectClaim("act"));
        assertThat(audiences(introspection.get("aud"))).containsExactly("orders-api");

        // another client, not in the audience: nothing
        assertThat(oidc.introspect(resourceServer("billing-api"), bearer)).containsEntry("active", false);
        assertThat(raw("userinfo", null, Map.of("access_token", exchanged.accessToken(), "scope", "openid profile email")))
                .containsEntry("sub", aliceId).doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
        // no refresh: the delegated access token is not a refresh token, and none was issued
        NoRefresh.assertRefused(server.realmUrl(REALM), agent("agent"), exchanged.accessToken());
    }

    @Test
    void aCustomDefaultScopeAboveTheTierBringsNoClaimBackForTheDelegatedToken() throws Exception {
        // agent-s (recommend) also gets a default scope the test makes, act-tier, whose hardcoded claim is for the
        // access token, userinfo and introspection; the exchange asks for orders:read only
        String leak = DelegationRealm.scopeWithClaim(realm, "leak:exchange", "act", "leak_marker");
        ClientResource agentS = DelegationRealm.client(realm, "agent-s");
        agentS.addDefaultClientScope(leak);
        ClientResource app = DelegationRealm.client(realm, "app");
        app.addOptionalClientScope(leak);
        try {
            // the control: where the scope is kept (alice's app token asks for it), the claim is in all three places
            TokenEndpoint.Answer user = userToken("alice", "orders:read delegate:agent-s leak:exchange");
            BearerAccessToken userBearer = new BearerAccessToken(user.accessToken());
            assertThat(user.claims().getClaims()).containsEntry("leak_marker", "leaked");
            assertThat(oidc.userInfo(userBearer)).containsEntry("leak_marker", "leaked");
            assertThat(oidc.introspect(resourceServer("orders-api"), userBearer)).containsEntry("active", true)
                    .containsEntry("leak_marker", "leaked");

            TokenEndpoint.Answer exchanged = new TokenEndpoint(server.realmUrl(REALM)).exchange(agent("agent-s"), Map.of(
                    "subject_token", user.accessToken(),
                    "subject_token_type", ACCESS_TOKEN, "scope", "openid orders:read", "audience", "orders-api"));
            assertThat(exchanged.ok()).as(exchanged.describe()).isTrue();
            JWTClaimsSet token = exchanged.claims();
            assertThat(scopes(token.getStringClaim("scope"))).contains("orders:read").doesNotContain("leak:exchange", "orders:admin");
            assertThat(token.getClaims()).doesNotContainKey("leak_marker");
            BearerAccessToken bearer = new BearerAccessToken(exchanged.accessToken());

            assertThat(oidc.userInfo(bearer)).containsEntry("sub", aliceId).containsKey("act").doesNotContainKey("leak_marker");
            Map<String, Object> introspection = oidc.introspect(resourceServer("orders-api"), bearer);
            assertThat(introspection).containsEntry("active", true).containsEntry("client_id", "agent-s").doesNotContainKey("leak_marker");
            assertThat(scopes(introspection.get("scope"))).isEqualTo(scopes(token.getStringClaim("scope")))
                    .doesNotContain("leak:exchange");
        } finally {
            app.removeOptionalClientScope(leak);
            agentS.removeDefaultClientScope(leak);
        }
    }

    @Test
    void aRoleGrantedOnlyThroughADroppedScopeIsNotInTheTokenNorAtTheEndpoints() throws Exception {
        // its own realm: the kept orders:read gets a realm-role mapper and agent-s no full scope, so the roles the
        // agent's tokens carry are exactly those the scopes of the token's context map (the mapper, in a kept scope,
        // runs in every path; the role it must leave out is mapped by the dropped orders:admin)
        RealmResource roles = realm(ROLES, "enforce");
        for (String role : List.of(KEPT_ROLE, DROPPED_ROLE, UNMAPPED_ROLE)) {
            roles.roles().create(new RoleRepresentation(role, null, false));
        }
        Principals.user(roles, "alice").roles().realmLevel().add(List.of(KEPT_ROLE, DROPPED_ROLE, UNMAPPED_ROLE).stream()
                .map(role -> roles.roles().get(role).toRepresentation()).toList());
        roles.clientScopes().get(DelegationRealm.scopeId(roles, "orders:read")).getScopeMappings().realmLevel()
                .add(List.of(roles.roles().get(KEPT_ROLE).toRepresentation()));
        roles.clientScopes().get(DelegationRealm.scopeId(roles, "orders:admin")).getScopeMappings().realmLevel()
                .add(List.of(roles.roles().get(DROPPED_ROLE).toRepresentation()));
        ClientResource agentS = DelegationRealm.client(roles, "agent-s");
        ClientRepresentation agentRep = agentS.toRepresentation();
        agentRep.setFullScopeAllowed(false);
        agentS.update(agentRep);
        roles.clientScopes().get(DelegationRealm.scopeId(roles, "orders:read")).getProtocolMappers().createMapper(realmRoleMapper()).close();
        OidcClient endpoints = new OidcClient(server.realmUrl(ROLES));

        // the control: alice's app token (full scope) carries all three roles
        TokenEndpoint.Answer user = userToken(ROLES, "alice", "orders:read delegate:agent-s");
        assertThat(realmRoles(user.claims().getClaims())).contains(KEPT_ROLE, DROPPED_ROLE, UNMAPPED_ROLE);

        TokenEndpoint.Answer exchanged = new TokenEndpoint(server.realmUrl(ROLES)).exchange(agent("agent-s"), Map.of(
                "subject_token", user.accessToken(), "subject_token_type", ACCESS_TOKEN,
                "scope", "openid orders:read", "audience", "orders-api"));
        assertThat(exchanged.ok()).as(exchanged.describe()).isTrue();
        assertOnlyTheKeptScopesRole("the delegated token", exchanged, endpoints);

        // the browser-login path: orders:read and orders:admin are both default scopes of agent-s; orders:admin (act) is dropped
        TokenEndpoint.Answer login = codeFlow(ROLES, "agent-s", "alice", "openid");
        assertThat(login.ok()).as(login.describe()).isTrue();
        assertThat(scopes(login.claims().getStringClaim("scope"))).contains("orders:read").doesNotContain("orders:admin");
        assertOnlyTheKeptScopesRole("the login token", login, endpoints);
    }

    /** The token, userinfo and introspection (by orders-api) name the kept scope's role, neither the dropped scope's nor an unmapped one. */
    private void assertOnlyTheKeptScopesRole(String what, TokenEndpoint.Answer answer, OidcClient endpoints) throws Exception {
        Map<String, Object> token = answer.claims().getClaims();
        BearerAccessToken bearer = new BearerAccessToken(answer.accessToken());
        Map<String, Object> userInfo = endpoints.userInfo(bearer);
        Map<String, Object> introspection = endpoints.introspect(resourceServer("orders-api"), bearer);
        assertThat(introspection).as(what).containsEntry("active", true);
        for (Map<String, Object> claims : List.of(token, userInfo, introspection)) {
            assertThat(realmRoles(claims)).as(what + ": " + claims).contains(KEPT_ROLE).doesNotContain(DROPPED_ROLE, UNMAPPED_ROLE);
            assertThat(String.valueOf(claims.get("resource_access"))).as(what).doesNotContain(DROPPED_ROLE, UNMAPPED_ROLE);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> realmRoles(Map<String, Object> claims) {
        Object realmAccess = claims.get("realm_access");
        if (!(realmAccess instanceof Map<?, ?> access) || !(access.get("roles") instanceof List<?> list)) {
            return List.of();
        }
        return ((List<Object>) list).stream().map(String::valueOf).toList();
    }

    /** Keycloak's realm-role mapper: access token, userinfo and introspection. */
    private static ProtocolMapperRepresentation realmRoleMapper() {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("agent realm roles");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-usermodel-realm-role-mapper");
        mapper.setConfig(new HashMap<>(Map.of("claim.name", "realm_access.roles", "multivalued", "true", "jsonType.label", "String",
                "access.token.claim", "true", "userinfo.token.claim", "true", "introspection.token.claim", "true")));
        return mapper;
    }

    @Test
    void inMonitorTheEndpointsShowWhatTheTokensCarry() throws Exception {
        OidcClient monitor = new OidcClient(server.realmUrl(MONITOR));
        // monitor only names what a login would drop: the login token keeps profile and email, and so do the endpoints
        TokenEndpoint.Answer login = codeFlow(MONITOR, "agent-s", "alice", "openid");
        assertThat(login.ok()).as(login.describe()).isTrue();
        assertThat(login.claims().getClaims()).containsKeys("email", "preferred_username");
        assertThat(monitor.userInfo(new BearerAccessToken(login.accessToken()))).containsKeys("email", "preferred_username", "act");
        // an exchange grants only what was asked for in every governed mode: its token and the endpoints leave profile out
        TokenEndpoint.Answer exchanged = new TokenEndpoint(server.realmUrl(MONITOR)).exchange(agent("agent"), Map.of(
                "subject_token", userToken(MONITOR, "alice", "orders:read delegate:agent").accessToken(),
                "subject_token_type", ACCESS_TOKEN, "scope", "openid orders:read", "audience", "orders-api"));
        assertThat(exchanged.ok()).as(exchanged.describe()).isTrue();
        assertThat(exchanged.claims().getClaims()).doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
        assertThat(monitor.userInfo(new BearerAccessToken(exchanged.accessToken()))).containsKey("act")
                .doesNotContainKeys(DROPPED_CLAIMS.toArray(String[]::new));
    }

    // --- helpers ---

    private TokenEndpoint.Answer codeFlow(String agentId, String username, String scope) throws Exception {
        return codeFlow(REALM, agentId, username, scope);
    }

    private TokenEndpoint.Answer codeFlow(String realmName, String agentId, String username, String scope) throws Exception {
        String code = BrowserLogin.code(server.realmUrl(realmName), agentId, REDIRECT, username, Realms.PASSWORD, scope);
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("authorization_code"));
        form.put("code", List.of(code));
        form.put("redirect_uri", List.of(REDIRECT.toString()));
        return new TokenEndpoint(server.realmUrl(realmName)).post(agent(agentId), form);
    }

    private TokenEndpoint.Answer userToken(String username, String scope) throws Exception {
        return userToken(REALM, username, scope);
    }

    private TokenEndpoint.Answer userToken(String realmName, String username, String scope) throws Exception {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("password"));
        form.put("client_id", List.of("app"));
        form.put("username", List.of(username));
        form.put("password", List.of(Realms.PASSWORD));
        form.put("scope", List.of("openid " + scope));
        TokenEndpoint.Answer answer = new TokenEndpoint(server.realmUrl(realmName)).post(null, form);
        assertThat(answer.ok()).as(answer.describe()).isTrue();
        return answer;
    }

    /** A form POST to an endpoint of the realm's OIDC protocol, with parameters an ordinary client would not send. */
    private Map<String, Object> raw(String path, ClientAuthentication client, Map<String, String> params) throws Exception {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(server.realmUrl(REALM) + "/protocol/openid-connect/" + path));
        request.setEntityContentType(ContentType.APPLICATION_URLENCODED);
        Map<String, List<String>> form = new LinkedHashMap<>();
        params.forEach((k, v) -> form.put(k, List.of(v)));
        request.setBody(URLUtils.serializeParameters(form));
        if (client != null) {
            client.applyTo(request);
        }
        HTTPResponse response = request.send();
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return new LinkedHashMap<>(response.getBodyAsJSONObject());
    }

    private static Set<String> scopes(Object scope) {
        return scope == null ? Set.of() : Set.of(((String) scope).trim().split(" +"));
    }

    private static List<String> audiences(Object aud) {
        return aud instanceof List<?> list ? list.stream().map(String::valueOf).toList() : aud == null ? List.of() : List.of(String.valueOf(aud));
    }

    private static ClientAuthentication agent(String clientId) {
        return OidcClient.secret(clientId, DelegationRealm.SECRET);
    }

    private static ClientAuthentication resourceServer(String clientId) {
        return OidcClient.secret(clientId, DelegationRealm.SECRET);
    }
}

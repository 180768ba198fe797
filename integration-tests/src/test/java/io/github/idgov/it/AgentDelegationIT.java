package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.github.idgov.it.harness.AuditSettings;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.BrowserLogin;
import io.github.idgov.it.support.DelegationRealm;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.TokenEndpoint;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Agent delegation (issue 6): an ai-agent exchanges a user's token that names it in may_act for a token of its own
 * with act, bounded scope, audience and lifetime; and every way around it fails: bad, foreign, expired, revoked or
 * undelegated subject tokens, scope and audience escalation, a disabled or expired agent, a sponsor disabled between
 * two exchanges, re-delegation, refresh, malformed parameters, and the fall-through to Keycloak's own exchange.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentDelegationIT {

    private static final String ENFORCE = "delegation-enforce";
    private static final String MONITOR = "delegation-monitor";
    private static final String OFF = "delegation-off";
    private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    private static final URI REDIRECT = URI.create("http://127.0.0.1/callback");

    private KeycloakServer server;
    private AuditSettings audit;
    private RealmResource enforce;
    private TokenEndpoint endpoint;

    @BeforeAll
    void createRealms(KeycloakServer server, AuditSettings audit) {
        this.server = server;
        this.audit = audit;
        enforce = create(DelegationRealm.representation(ENFORCE, "enforce"));
        DelegationRealm.configure(enforce);
        RealmResource monitor = create(DelegationRealm.representation(MONITOR, "monitor"));
        DelegationRealm.configure(monitor);
        endpoint = new TokenEndpoint(server.realmUrl(ENFORCE));
    }

    private List<String> auditLines() {
        try {
            return java.nio.file.Files.exists(audit.file()) ? java.nio.file.Files.readAllLines(audit.file()) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void delegatedTokenCarriesTheUserTheAgentAndOnlyWhatWasDelegated() throws Exception {
        TokenEndpoint.Answer user = userToken(endpoint, "app", "alice", "orders:read orders:suggest delegate:agent");
        JWTClaimsSet subject = user.claims();
        @SuppressWarnings("unchecked")
        Map<String, Object> mayAct = (Map<String, Object>) subject.getClaim("may_act");
        String agentSubject = Principals.serviceAccount(enforce, "agent").toRepresentation().getId();
        assertThat(mayAct).containsEntry("client_id", "agent").containsEntry("sub", agentSubject);

        TokenEndpoint.Answer answer = endpoint.exchange(agent("agent"), Map.of("subject_token", user.accessToken(),
                "subject_token_type", ACCESS_TOKEN, "scope", "openid orders:read", "audience", "orders-api"));
        assertThat(answer.ok()).as(answer.describe()).isTrue();
        assertThat(answer.body()).doesNotContainKeys("refresh_token", "id_token")
                .containsEntry("issued_token_type", ACCESS_TOKEN).containsEntry("token_type", "Bearer");

        JWTClaimsSet token = answer.claims();
        String aliceId = Principals.user(enforce, "alice").toRepresentation().getId();
        assertThat(token.getSubject()).isEqualTo(aliceId);
        assertThat(token.getStringClaim("azp")).isEqualTo("agent");
        assertThat(token.getJSONObjectClaim("act")).containsOnly(Map.entry("sub", agentSubject),
                Map.entry("client_id", "agent"), Map.entry("identity_class", "ai-agent"));
        assertThat(token.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("openid", "orders:read");
        assertThat(token.getAudience()).containsExactly("orders-api");
        assertThat(token.getStringClaim("identity_class")).isEqualTo("human");
        assertThat(token.getIssuer()).isEqualTo(server.issuer(ENFORCE));
        assertThat(token.getStringClaim("sid")).isEqualTo(subject.getStringClaim("sid"));
        assertThat(token.getClaim("may_act")).as("the agent's token does not itself delegate").isNull();
        assertThat(token.getClaim("realm_access")).as("roles are a scope the agent did not get").isNull();
        long lifetime = token.getExpirationTime().getTime() / 1000 - token.getIssueTime().getTime() / 1000;
        assertThat(lifetime).as("agent max TTL 300 s; the subject lives 600 s").isBetween(295L, 300L);
        assertThat(((Number) answer.body().get("expires_in")).longValue()).isBetween(295L, 300L);

        OidcClient oidc = new OidcClient(server.realmUrl(ENFORCE));
        BearerAccessToken delegated = new BearerAccessToken(answer.accessToken());
        // the resource server introspects (26.7 introspects only for a client in the token's audience)
        Map<String, Object> introspection = oidc.introspect(OidcClient.secret("orders-api", DelegationRealm.SECRET), delegated);
        assertThat(introspection).containsEntry("active", true).containsEntry("sub", aliceId).containsEntry("client_id", "agent");
        assertThat(introspection.get("act")).isEqualTo(token.getJSONObjectClaim("act"));
        Map<String, Object> userInfo = oidc.userInfo(delegated);
        assertThat(userInfo).containsEntry("sub", aliceId);
        assertThat(userInfo.get("act")).isEqualTo(token.getJSONObjectClaim("act"));

        server.waitFor(Duration.ofSeconds(30), () -> enforce.getEvents(List.of("TOKEN_EXCHANGE"), "agent", aliceId, null, null, null, 0, 10)
                .stream().anyMatch(e -> "orders:read".equals(e.getDetails().get("scope"))), "TOKEN_EXCHANGE event of the agent for alice");
        // the audit record names the person as principal and the agent as actor, as the token's act does
        server.waitFor(Duration.ofSeconds(30), () -> auditLines().stream().anyMatch(line -> line.contains("\"type\":\"TOKEN_EXCHANGE\"")
                && line.contains("\"realm\":\"" + ENFORCE + "\"") && line.contains("\"username\":\"alice\"")
                && line.contains("\"actor\":{\"client_id\":\"agent\",\"identity_class\":\"ai-agent\",\"sub\":\"" + agentSubject + "\"}")),
                "the TOKEN_EXCHANGE audit record with alice as principal and the agent as actor");

    }

    @Test
    void theDelegatedTokenEndsWithTheUsersSession() throws Exception {
        String user = userToken(endpoint, "app", "carol", "orders:read delegate:agent").accessToken();
        TokenEndpoint.Answer answer = endpoint.exchange(agent("agent"), Map.of("subject_token", user,
                "subject_token_type", ACCESS_TOKEN, "scope", "openid orders:read", "audience", "orders-api"));
        BearerAccessToken delegated = new BearerAccessToken(answer.accessToken());
        OidcClient oidc = new OidcClient(server.realmUrl(ENFORCE));
        ClientAuthentication api = OidcClient.secret("orders-api", DelegationRealm.SECRET);
        assertThat(oidc.introspect(api, delegated)).containsEntry("active", true);
        Principals.user(enforce, "carol").logout();
        assertThat(oidc.introspect(api, delegated)).containsEntry("active", false);
    }

    @Test
    void withoutScopeTheAgentGetsTheIntersectionWithinItsTier() throws Exception {
        TokenEndpoint.Answer user = userToken(endpoint, "app", "alice", "orders:read orders:suggest orders:write hr:read delegate:agent");
        TokenEndpoint.Answer answer = exchange("agent", user.accessToken(), null);
        // assigned ∩ subject = read, suggest, write; recommend tier drops write; hr:read is not assigned
        assertThat(answer.claims().getStringClaim("scope").split(" ")).as(answer.describe())
                .containsExactlyInAnyOrder("orders:read", "orders:suggest");
    }

    @Test
    void lifetimeNeverOutlivesTheSubjectToken() throws Exception {
        TokenEndpoint.Answer user = userToken(endpoint, "app-short", "alice", "orders:read delegate:agent");
        JWTClaimsSet token = exchange("agent", user.accessToken(), "orders:read").claims();
        assertThat(token.getExpirationTime()).isEqualTo(user.claims().getExpirationTime());
    }

    @Test
    void actorTokenMustBeTheAgentsOwn() throws Exception {
        TokenEndpoint.Answer user = userToken(endpoint, "app", "alice", "orders:read delegate:agent");
        String own = endpoint.post(agent("agent"), Map.of("grant_type", List.of("client_credentials"))).accessToken();
        Map<String, String> params = params(user.accessToken(), "orders:read");
        params.put("actor_token", own);
        params.put("actor_token_type", ACCESS_TOKEN);
        assertThat(endpoint.exchange(agent("agent"), params).ok()).isTrue();

        params.put("actor_token", endpoint.post(agent("agent2"), Map.of("grant_type", List.of("client_credentials"))).accessToken());
        assertRefused(endpoint.exchange(agent("agent"), params), 400, "invalid_request", "actor_token is not the token of agent agent");
    }

    @Test
    void theAgentsOwnClientCredentialsTokenSpeaksOnlyForItself() throws Exception {
        TokenEndpoint.Answer own = endpoint.post(agent("agent"), Map.of("grant_type", List.of("client_credentials")));
        JWTClaimsSet claims = own.claims();
        assertThat(claims.getStringClaim("identity_class")).isEqualTo("ai-agent");
        assertThat(claims.getSubject()).isEqualTo(Principals.serviceAccount(enforce, "agent").toRepresentation().getId());
        assertThat(claims.getClaim("act")).isNull();
        // and it cannot stand in for a person
        assertRefused(exchange("agent", own.accessToken(), null), 400, "invalid_request", "not to a person");
    }

    @Test
    void aUsersBrowserLoginIntoTheAgentIsStampedWithActAndCanBeNarrowed() throws Exception {
        String code = BrowserLogin.code(server.realmUrl(ENFORCE), "agent", REDIRECT, "alice", Realms.PASSWORD);
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("authorization_code"));
        form.put("code", List.of(code));
        form.put("redirect_uri", List.of(REDIRECT.toString()));
        TokenEndpoint.Answer login = endpoint.post(agent("agent"), form);
        JWTClaimsSet claims = login.claims();
        assertThat(claims.getStringClaim("azp")).isEqualTo("agent");
        assertThat(claims.getJSONObjectClaim("act")).containsEntry("client_id", "agent").containsEntry("identity_class", "ai-agent");

        TokenEndpoint.Answer narrowed = exchange("agent", login.accessToken(), null);
        assertThat(narrowed.ok()).as(narrowed.describe()).isTrue();
        assertThat(narrowed.claims().getJSONObjectClaim("act")).as("same agent, same chain: no nesting")
                .isEqualTo(claims.getJSONObjectClaim("act"));
    }

    @Test
    void anAgentMayNotUseThePasswordGrantEvenWhereTheClientAllowsIt() throws Exception {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("password"));
        form.put("username", List.of("alice"));
        form.put("password", List.of(Realms.PASSWORD));
        assertRefused(endpoint.post(agent("agent2"), form), 400, "unauthorized_client", "ai-agent agent2 may not use the password grant");
        form.put("password", List.of("wrong"));
        assertRefused(endpoint.post(agent("agent2"), form), 400, "unauthorized_client", "may not use the password grant");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-agent2 policy=delegation-grant"), "deny decision for the password grant");
    }

    // --- the subject token ---

    @Test
    void missingMalformedForeignExpiredAndRevokedSubjectTokensAreRefused() throws Exception {
        assertRefused(endpoint.exchange(agent("agent"), Map.of("subject_token_type", ACCESS_TOKEN)), 400, "invalid_request", "subject_token is required");
        assertRefused(exchange("agent", "not-a-token", null), 400, "invalid_request", "subject_token is not a JWT");

        TokenEndpoint foreign = new TokenEndpoint(server.realmUrl(MONITOR));
        String foreignToken = userToken(foreign, "app", "alice", "orders:read delegate:agent").accessToken();
        assertRefused(exchange("agent", foreignToken, null), 400, "invalid_request", "not issued by this realm");

        String soon = userToken(endpoint, "app-instant", "alice", "orders:read delegate:agent").accessToken();
        Thread.sleep(3_000);
        assertRefused(exchange("agent", soon, null), 400, "invalid_request", "subject_token has expired");

        TokenEndpoint.Answer revoked = userToken(endpoint, "app", "alice", "orders:read delegate:agent");
        var revocation = new TokenRevocationRequest(URI.create(server.realmUrl(ENFORCE) + "/protocol/openid-connect/revoke"),
                new ClientID("app"), new BearerAccessToken(revoked.accessToken())).toHTTPRequest().send();
        assertThat(revocation.getStatusCode()).isEqualTo(200);
        assertRefused(exchange("agent", revoked.accessToken(), null), 400, "invalid_request", "subject_token has been revoked");

        TokenEndpoint.Answer disabled = userToken(endpoint, "app", "bob", "orders:read delegate:agent");
        Principals.setEnabled(Principals.user(enforce, "bob"), false);
        assertRefused(exchange("agent", disabled.accessToken(), null), 400, "access_denied", "user bob is disabled");

        TokenEndpoint.Answer loggedOut = userToken(endpoint, "app", "olivia", "orders:read delegate:agent");
        Principals.user(enforce, "olivia").logout();
        assertRefused(exchange("agent", loggedOut.accessToken(), null), 400, "invalid_request", "session of subject_token is not active");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-agent policy=delegation-subject-token reason=\"subject_token has been revoked"),
                "deny decision for the revoked subject token");
    }

    @Test
    void aTokenNotDelegatedToThisAgentIsRefused() throws Exception {
        String plain = userToken(endpoint, "app", "alice", "orders:read").accessToken();
        assertRefused(exchange("agent", plain, "orders:read"), 400, "invalid_grant", "neither names agent agent in may_act");
        String forOther = userToken(endpoint, "app", "alice", "orders:read delegate:agent2").accessToken();
        assertRefused(exchange("agent", forOther, "orders:read"), 400, "invalid_grant", "neither names agent agent");
        String otherAgentsOwn = endpoint.post(agent("agent2"), Map.of("grant_type", List.of("client_credentials"))).accessToken();
        assertRefused(exchange("agent", otherAgentsOwn, null), 400, "invalid_request", "not to a person");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-agent policy=delegation-binding"), "deny decision for the binding");
    }

    @Test
    void aPersonDelegatesToTwoAgentsInOneConsentAndOnlyThoseTwoMayExchange() throws Exception {
        TokenEndpoint.Answer user = userToken(endpoint, "app", "alice", "orders:read delegate:agent delegate:agent2");
        assertThat(user.ok()).as(user.describe()).isTrue();
        Object mayAct = user.claims().getClaim("may_act");
        assertThat(mayAct).as("several agents: an array of RFC 8693 may_act objects").isInstanceOf(List.class);
        assertThat((List<?>) mayAct).hasSize(2).allSatisfy(one -> assertThat(one).isInstanceOf(Map.class));
        List<Object> named = ((List<?>) mayAct).stream().map(one -> (Object) ((Map<?, ?>) one).get("client_id")).toList();
        assertThat(named).containsExactlyInAnyOrder("agent", "agent2");

        for (String agentId : List.of("agent", "agent2")) {
            TokenEndpoint.Answer delegated = exchange(agentId, user.accessToken(), "orders:read");
            assertThat(delegated.ok()).as(agentId + ": " + delegated.describe()).isTrue();
            assertThat(delegated.claims().getJSONObjectClaim("act")).containsEntry("client_id", agentId);
        }
        assertRefused(exchange("agent-x", user.accessToken(), "orders:read"), 400, "invalid_grant",
                "neither names agent agent-x in may_act");
    }

    @Test
    void scopeEscalationIsRefusedWithTheScopeAndTheReason() throws Exception {
        String token = userToken(endpoint, "app", "alice", "orders:read orders:write payments:execute hr:read delegate:agent").accessToken();
        assertRefused(exchange("agent", token, "hr:read"), 400, "invalid_scope", "scope 'hr:read' is not assigned to the agent");
        String narrow = userToken(endpoint, "app", "alice", "orders:read delegate:agent").accessToken();
        assertRefused(exchange("agent", narrow, "orders:read orders:suggest"), 400, "invalid_scope", "scope 'orders:suggest' is not in the subject token");
        assertRefused(exchange("agent", token, "orders:write"), 400, "invalid_scope",
                "scope 'orders:write' needs a higher autonomy tier than the agent's (needs act, agent is recommend)");
        TokenEndpoint.Answer irreversible = exchange("agent", token, "payments:execute");
        assertRefused(irreversible, 400, "invalid_scope", "scope 'payments:execute' is irreversible");
        assertThat(irreversible.description()).contains("urn:openid:params:grant-type:ciba");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-agent policy=delegation-scope"), "deny decision for the scope");
    }

    @Test
    void audienceOutsideTheGrantedScopesIsRefused() throws Exception {
        String token = userToken(endpoint, "app", "alice", "orders:read delegate:agent").accessToken();
        Map<String, String> params = params(token, "orders:read");
        params.put("audience", "billing-api");
        assertRefused(endpoint.exchange(agent("agent"), params), 400, "invalid_target", "audience billing-api is not allowed");
        params.put("audience", "no-such-client");
        assertRefused(endpoint.exchange(agent("agent"), params), 400, "invalid_target", "no-such-client is not an enabled client");
        params.remove("audience");
        params.put("resource", "billing-api");
        assertRefused(endpoint.exchange(agent("agent"), params), 400, "invalid_target", "billing-api");
    }

    // --- the agent ---

    @Test
    void aDisabledOrExpiredAgentIsRefused() throws Exception {
        String token = userToken(endpoint, "app", "alice", "orders:read delegate:agent-x").accessToken();
        assertThat(exchange("agent-x", token, "orders:read").ok()).isTrue();

        var serviceAccount = Principals.serviceAccount(enforce, "agent-x");
        Principals.setAttributes(serviceAccount, Map.of("identity_expires_at", LocalDate.now().minusDays(1).toString()));
        assertRefused(exchange("agent-x", token, "orders:read"), 401, "invalid_client", "expired on");
        Principals.setAttributes(serviceAccount, Map.of("identity_expires_at", LocalDate.now().plusDays(30).toString()));
        assertThat(exchange("agent-x", token, "orders:read").ok()).isTrue();

        Principals.setEnabled(serviceAccount, false);
        assertRefused(exchange("agent-x", token, "orders:read"), 401, "invalid_client", "agent agent-x is disabled");
        Principals.setEnabled(serviceAccount, true);
    }

    @Test
    void aSponsorDisabledBetweenTwoExchangesStopsTheSecond() throws Exception {
        String token = userToken(endpoint, "app", "alice", "orders:read delegate:agent-s").accessToken();
        assertThat(exchange("agent-s", token, "orders:read").ok()).isTrue();
        Principals.setEnabled(Principals.user(enforce, "sam"), false);
        try {
            assertRefused(exchange("agent-s", token, "orders:read"), 401, "invalid_client", "sam is disabled");
        } finally {
            Principals.setEnabled(Principals.user(enforce, "sam"), true);
        }
    }

    @Test
    void reDelegationBeyondTheDepthIsRefused() throws Exception {
        // alice logs into agent (its token has act = agent) and consents there to agent2: agent hands that token to agent2
        String code = BrowserLogin.code(server.realmUrl(ENFORCE), "agent", REDIRECT, "alice", Realms.PASSWORD, "openid orders:read delegate:agent2");
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("authorization_code"));
        form.put("code", List.of(code));
        form.put("redirect_uri", List.of(REDIRECT.toString()));
        TokenEndpoint.Answer agentsToken = endpoint.post(agent("agent"), form);
        JWTClaimsSet claims = agentsToken.claims();
        assertThat(claims.getJSONObjectClaim("may_act")).containsEntry("client_id", "agent2");
        assertThat(claims.getJSONObjectClaim("act")).containsEntry("client_id", "agent");
        assertRefused(exchange("agent2", agentsToken.accessToken(), "orders:read"), 400, "access_denied",
                "already delegated (act of agent); re-delegation beyond depth 1 is not allowed");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-agent2 policy=delegation-depth"), "deny decision for the depth");
        // agent2 with a token alice delegated to it directly is fine: delegation is per person, not passed on
        String direct = userToken(endpoint, "app", "alice", "orders:read delegate:agent2").accessToken();
        assertThat(exchange("agent2", direct, "orders:read").ok()).isTrue();
    }

    @Test
    void noRefreshInAnyForm() throws Exception {
        TokenEndpoint.Answer user = userToken(endpoint, "app", "alice", "orders:read delegate:agent");
        Map<String, String> params = params(user.accessToken(), "orders:read");
        params.put("requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token");
        assertRefused(endpoint.exchange(agent("agent"), params), 400, "invalid_request", "requested_token_type");

        TokenEndpoint.Answer delegated = exchange("agent", user.accessToken(), "orders:read");
        assertThat(delegated.body()).doesNotContainKey("refresh_token");
        Map<String, List<String>> refresh = new LinkedHashMap<>();
        refresh.put("grant_type", List.of("refresh_token"));
        refresh.put("refresh_token", List.of(delegated.accessToken()));
        TokenEndpoint.Answer withAccessToken = endpoint.post(agent("agent"), refresh);
        assertThat(withAccessToken.status()).as(withAccessToken.describe()).isEqualTo(400);
        assertThat(withAccessToken.error()).isEqualTo("invalid_grant");
        refresh.put("refresh_token", List.of((String) user.body().get("refresh_token")));
        TokenEndpoint.Answer withUsersRefresh = endpoint.post(agent("agent"), refresh);
        assertThat(withUsersRefresh.status()).as(withUsersRefresh.describe()).isEqualTo(400);
        assertThat(withUsersRefresh.error()).isEqualTo("invalid_grant");
    }

    @Test
    void malformedParametersAre400InvalidRequestNamingTheParameter() throws Exception {
        String token = userToken(endpoint, "app", "alice", "orders:read delegate:agent").accessToken();
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("subject_token_type", Map.of("subject_token", token));
        cases.put("subject_token_type must be", Map.of("subject_token", token, "subject_token_type", "urn:ietf:params:oauth:token-type:jwt"));
        cases.put("actor_token_type", Map.of("subject_token", token, "subject_token_type", ACCESS_TOKEN, "actor_token", token));
        cases.put("scope", Map.of("subject_token", token, "subject_token_type", ACCESS_TOKEN, "scope", "orders:read \"x\\"));
        cases.put("audience is empty", Map.of("subject_token", token, "subject_token_type", ACCESS_TOKEN, "audience", " "));
        cases.put("requested_subject", Map.of("subject_token", token, "subject_token_type", ACCESS_TOKEN, "requested_subject", "alice"));
        cases.put("requested_issuer", Map.of("subject_token", token, "subject_token_type", ACCESS_TOKEN, "requested_issuer", "idp"));
        cases.put("subject_issuer", Map.of("subject_token", token, "subject_token_type", ACCESS_TOKEN, "subject_issuer", "idp"));
        cases.put("subject_token is required", Map.of("subject_token", " ", "subject_token_type", ACCESS_TOKEN));
        for (var entry : cases.entrySet()) {
            assertRefused(endpoint.exchange(agent("agent"), entry.getValue()), 400, "invalid_request", entry.getKey());
        }
        // a repeated parameter: Keycloak's own 400, not a 500
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        repeated.put("grant_type", List.of("urn:ietf:params:oauth:grant-type:token-exchange"));
        repeated.put("subject_token", List.of(token, token));
        repeated.put("subject_token_type", List.of(ACCESS_TOKEN));
        TokenEndpoint.Answer duplicate = endpoint.post(agent("agent"), repeated);
        assertThat(duplicate.status()).as(duplicate.describe()).isEqualTo(400);
        assertThat(duplicate.error()).isEqualTo("invalid_request");
    }

    // --- no way around the provider ---

    @Test
    void anAgentExchangeRefusedHereIsNotServedByKeycloaksStandardExchange() throws Exception {
        // the fall-through of keycloak#52691: standard exchange switched on for the agent, and a plain token (no may_act)
        // whose audience includes the agent, which Keycloak's standard provider would exchange (shown in an off realm)
        enableStandardExchange(enforce, "agent");
        enableStandardExchange(offRealm(), "agent");
        TokenEndpoint off = new TokenEndpoint(server.realmUrl(OFF));
        TokenEndpoint.Answer stock = off.exchange(agent("agent"), params(userToken(off, "app-aud", "alice", "").accessToken(), null));
        assertThat(stock.ok()).as("control: Keycloak alone serves it in an off realm: " + stock.describe()).isTrue();
        assertThat(stock.claims().getClaim("act")).isNull();

        String plain = userToken(endpoint, "app-aud", "alice", "").accessToken();
        assertRefused(exchange("agent", plain, null), 400, "invalid_grant", "neither names agent agent in may_act");
        Map<String, String> impersonation = params(plain, null);
        impersonation.put("requested_subject", "alice");
        assertRefused(endpoint.exchange(agent("agent"), impersonation), 400, "invalid_request", "requested_subject");
    }

    @Test
    void aDelegatedTokenIsNotLaunderedThroughAnotherClientsStandardExchange() throws Exception {
        // orders-api, in the delegated token's audience and allowed Keycloak's standard exchange, would get alice's
        // token without the agent in it
        enableStandardExchange(enforce, "orders-api");
        String user = userToken(endpoint, "app", "alice", "orders:read delegate:agent").accessToken();
        TokenEndpoint.Answer delegated = endpoint.exchange(agent("agent"), Map.of("subject_token", user,
                "subject_token_type", ACCESS_TOKEN, "scope", "orders:read", "audience", "orders-api"));
        ClientAuthentication api = OidcClient.secret("orders-api", DelegationRealm.SECRET);
        assertRefused(endpoint.exchange(api, params(delegated.accessToken(), null)), 400, "access_denied",
                "subject_token is delegated (act of agent); client orders-api may not exchange it further");
        // the user's own token stays exchangeable by orders-api as Keycloak allows (it is in that token's audience)
        assertThat(endpoint.exchange(api, params(user, null)).ok()).isTrue();
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=orders-api policy=delegation-depth"), "deny decision for the re-exchange");
    }

    @Test
    void monitorModeRecordsWouldDenyAndLetsThrough() throws Exception {
        TokenEndpoint monitor = new TokenEndpoint(server.realmUrl(MONITOR));
        String plain = userToken(monitor, "app", "alice", "orders:read orders:write").accessToken();
        TokenEndpoint.Answer answer = monitor.exchange(agent("agent"), params(plain, "orders:read orders:write"));
        assertThat(answer.ok()).as(answer.describe()).isTrue();
        assertThat(answer.claims().getJSONObjectClaim("act")).containsEntry("client_id", "agent");
        assertThat(answer.claims().getStringClaim("scope")).contains("orders:write");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=service-account-agent policy=delegation-binding"), "would-deny for the binding");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=service-account-agent policy=delegation-scope reason=\"scope 'orders:write' needs a higher autonomy tier"),
                "would-deny for the scope");
    }

    private static void enableStandardExchange(RealmResource realm, String clientId) {
        ClientRepresentation rep = DelegationRealm.client(realm, clientId).toRepresentation();
        Map<String, String> attributes = rep.getAttributes() == null ? new HashMap<>() : new HashMap<>(rep.getAttributes());
        attributes.put("standard.token.exchange.enabled", "true");
        rep.setAttributes(attributes);
        DelegationRealm.client(realm, clientId).update(rep);
    }

    private RealmResource offRealm() {
        return create(DelegationRealm.representation(OFF, null));
    }

    private RealmResource create(org.keycloak.representations.idm.RealmRepresentation realm) {
        try {
            return Realms.create(server, realm);
        } catch (jakarta.ws.rs.WebApplicationException e) {
            throw new AssertionError("import of " + realm.getRealm() + " refused: " + e.getResponse().readEntity(String.class), e);
        }
    }

    // --- helpers ---

    private TokenEndpoint.Answer exchange(String agentId, String subjectToken, String scope) throws Exception {
        return endpoint.exchange(agent(agentId), params(subjectToken, scope));
    }

    private static Map<String, String> params(String subjectToken, String scope) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("subject_token", subjectToken);
        params.put("subject_token_type", ACCESS_TOKEN);
        if (scope != null) {
            params.put("scope", scope);
        }
        return params;
    }

    private static ClientAuthentication agent(String clientId) {
        return OidcClient.secret(clientId, DelegationRealm.SECRET);
    }

    /** A user's token from a public app (password grant), with the scopes the user consents to. */
    private static TokenEndpoint.Answer userToken(TokenEndpoint endpoint, String app, String username, String scope) throws Exception {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("password"));
        form.put("client_id", List.of(app));
        form.put("username", List.of(username));
        form.put("password", List.of(Realms.PASSWORD));
        form.put("scope", List.of(("openid " + scope).trim()));
        TokenEndpoint.Answer answer = endpoint.post(null, form);
        if (!answer.ok()) {
            throw new AssertionError("user token for " + username + " failed: " + answer.describe());
        }
        return answer;
    }

    private static void assertRefused(TokenEndpoint.Answer answer, int status, String error, String description) {
        assertThat(answer.status()).as(answer.describe()).isEqualTo(status);
        assertThat(answer.error()).as(answer.describe()).isEqualTo(error);
        assertThat(answer.description()).as(answer.describe()).contains(description);
    }
}

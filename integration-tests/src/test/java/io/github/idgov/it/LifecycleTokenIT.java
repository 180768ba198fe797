package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.BrowserLogin;
import io.github.idgov.it.support.FlowBindings;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientInitialAccessCreatePresentation;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Token-time lifecycle enforcement: every grant (client credentials, password, refresh, authorization code,
 * token exchange) is refused to an expired, orphaned or overdue principal in enforce mode, and each way around a
 * rule (refresh, another grant type, another client) fails too. Dates in the past are set through the admin API
 * (attribute updates, or creation timestamps and review instants in the imported realm).
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleTokenIT {

    private static final String ENFORCE = "lifecycle-enforce";
    private static final String MONITOR = "lifecycle-monitor";
    private static final String SECRET = "lifecycle-it-secret";
    private static final URI REDIRECT = URI.create("http://127.0.0.1/callback");

    private KeycloakServer server;
    private RealmResource enforce;
    private RealmResource monitor;
    private Grants grants;

    @BeforeAll
    void createRealms(KeycloakServer server) {
        this.server = server;
        enforce = create(server, realm(ENFORCE, "enforce"));
        monitor = create(server, realm(MONITOR, "monitor"));
        grants = new Grants(server.realmUrl(ENFORCE));
    }

    @Test
    void expiredServiceAccountIsRefusedOnEveryGrantAndClient() throws Exception {
        var client = OidcClient.secret("svc-expiring", SECRET);
        grants.clientCredentials(client).requireSuccess();
        var humanToken = grants.password("app", "erin", Realms.PASSWORD).requireSuccess();

        Principals.setAttributes(Principals.serviceAccount(enforce, "svc-expiring"), Map.of("identity_expires_at", yesterday()));

        Grants.Result cc = grants.clientCredentials(client);
        assertThat(cc.refused()).as(cc.describe()).isTrue();
        assertThat(cc.error().getCode()).isEqualTo("invalid_client");
        assertThat(cc.error().getHTTPStatusCode()).as("refused on the token response, which keeps the gate's 401").isEqualTo(401);
        assertThat(cc.error().getDescription()).contains("service-account-svc-expiring").contains("expired on " + yesterday());

        // another grant type: the same client exchanging a (valid) user's token is refused as the client
        enableExchange("svc-expiring");
        Grants.Result exchange = grants.exchange(client, humanToken.accessToken());
        assertThat(exchange.refused()).as(exchange.describe()).isTrue();
        assertThat(exchange.error().getCode()).isEqualTo("invalid_client");
        assertThat(exchange.error().getDescription()).contains("expired on");

        // the Keycloak error event and the decision
        server.waitFor(Duration.ofSeconds(60), () -> errorEvents(enforce, "CLIENT_LOGIN_ERROR").stream()
                .anyMatch(e -> "invalid_client".equals(e.getError()) && e.getDetails() != null
                        && String.valueOf(e.getDetails().get("client_policy_error_detail")).contains("expired on")),
                "CLIENT_LOGIN_ERROR event with the expiry reason");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-svc-expiring policy=lifecycle-expiry"), "deny decision in the decision log");
    }

    /**
     * A client created with a service account (the admin console's wizard cannot set user attributes; dynamic client
     * registration and directory imports neither) is a machine without owner, purpose or expiry: no token, on any
     * grant, until an administrator completes it; monitor mode issues it with a would-deny.
     */
    @Test
    void aServiceAccountCreatedWithItsClientGetsNoTokenUntilItsMetadataIsComplete() throws Exception {
        String clientId = "svc-incomplete-" + UUID.randomUUID().toString().substring(0, 8);
        for (RealmResource realm : List.of(enforce, monitor)) {
            Realms.createdId(realm.clients().create(Realms.serviceClient(clientId, SECRET)));
        }
        var client = OidcClient.secret(clientId, SECRET);
        Grants.Result cc = grants.clientCredentials(client);
        assertThat(cc.refused()).as(cc.describe()).isTrue();
        assertThat(cc.error().getCode()).isEqualTo("invalid_client");
        assertThat(cc.error().getDescription()).isEqualTo("service-account-" + clientId
                + ": a service-account needs identity_owner, identity_purpose, identity_expires_at;"
                + " an administrator sets them on the identity before it gets tokens.");
        // another grant type: exchanging a valid user's token as that client
        var humanToken = grants.password("app", "erin", Realms.PASSWORD).requireSuccess();
        enableExchange(clientId);
        Grants.Result exchange = grants.exchange(client, humanToken.accessToken());
        assertThat(exchange.refused()).as(exchange.describe()).isTrue();
        assertThat(exchange.error().getDescription()).contains("needs identity_owner");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-" + clientId + " policy=governance-attributes"), "deny decision for the incomplete machine");

        // completed by an administrator (the user form refuses a partial set in enforce): tokens again
        Principals.setAttributes(Principals.serviceAccount(enforce, clientId), Realms.machine("service-account"));
        grants.clientCredentials(client).requireSuccess();

        new Grants(server.realmUrl(MONITOR)).clientCredentials(client).requireSuccess();
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=service-account-" + clientId + " policy=governance-attributes"), "would-deny in monitor mode");
    }

    /** The same through RFC 7591 dynamic registration, whose request cannot carry the service account's attributes. */
    @Test
    void aServiceAccountRegisteredDynamicallyGetsNoTokenEither() throws Exception {
        String initialAccess = enforce.clientInitialAccess().create(new ClientInitialAccessCreatePresentation(600, 1)).getToken();
        String clientId = "dcr-incomplete-" + UUID.randomUUID().toString().substring(0, 8);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        HttpResponse<String> registered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.realmUrl(ENFORCE) + "/clients-registrations/default"))
                .header("Authorization", "Bearer " + initialAccess).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("clientId", clientId,
                        "publicClient", false, "serviceAccountsEnabled", true, "standardFlowEnabled", false))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String secret = json.readTree(registered.body()).path("secret").asText();

        Grants.Result cc = grants.clientCredentials(OidcClient.secret(clientId, secret));
        assertThat(cc.refused()).as(cc.describe()).isTrue();
        assertThat(cc.error().getCode()).isEqualTo("invalid_client");
        assertThat(cc.error().getDescription()).startsWith("service-account-" + clientId + ": a service-account needs identity_owner");
    }

    @Test
    void expiredHumanLosesPasswordRefreshCodeAndExchangeAndARefreshTokenFromBeforeStopsWorking() throws Exception {
        Grants.Result before = grants.password("app", "erin-expiring", Realms.PASSWORD).requireSuccess();
        assertThat(before.refreshToken()).isNotNull();
        grants.refresh("app", before.refreshToken()).requireSuccess();

        Principals.setAttributes(Principals.user(enforce, "erin-expiring"), Map.of("identity_expires_at", yesterday()));

        assertAccessDenied(grants.refresh("app", before.refreshToken()), "expired on");
        assertAccessDenied(grants.password("app", "erin-expiring", Realms.PASSWORD), "expired on");
        assertAccessDenied(grants.password("app2", "erin-expiring", Realms.PASSWORD), "expired on");
        String code = BrowserLogin.code(server.realmUrl(ENFORCE), "app", REDIRECT, "erin-expiring", Realms.PASSWORD);
        assertAccessDenied(grants.authorizationCode("app", code, REDIRECT), "expired on");
        // a valid client exchanging the expired user's earlier access token gets nothing either
        assertAccessDenied(grants.exchange(OidcClient.secret("exchanger", SECRET), before.accessToken()), "expired on");
        // the implicit flow's token is handed out at the authorization endpoint: refused there, in the redirect
        FlowBindings.enableImplicitFlow(enforce, "app");
        String implicitLocation = BrowserLogin.redirect(server.realmUrl(ENFORCE), "app", REDIRECT, "erin-expiring", Realms.PASSWORD,
                Map.of("response_type", "token", "scope", "openid"));
        Map<String, String> implicit = BrowserLogin.parameters(implicitLocation);
        // Keycloak redirects a client-policy refusal here with the error code as error_description and no error
        assertThat(implicit).as(implicitLocation).doesNotContainKey("access_token").containsEntry("error_description", "access_denied");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=erin-expiring policy=lifecycle-expiry") && server.logContains("[grant implicit"), "deny decision at the implicit login");
        assertThat(BrowserLogin.parameters(BrowserLogin.redirect(server.realmUrl(ENFORCE), "app", REDIRECT, "erin", Realms.PASSWORD,
                Map.of("response_type", "token", "scope", "openid")))).as("another user's implicit login").containsKey("access_token");

        // the others are unaffected
        grants.password("app", "erin", Realms.PASSWORD).requireSuccess();
        String other = BrowserLogin.code(server.realmUrl(ENFORCE), "app", REDIRECT, "erin", Realms.PASSWORD);
        grants.authorizationCode("app", other, REDIRECT).requireSuccess();
    }

    @Test
    void aValidUsersTokenCanBeExchangedAndRefreshed() throws Exception {
        Grants.Result user = grants.password("app", "erin", Realms.PASSWORD).requireSuccess();
        grants.exchange(OidcClient.secret("exchanger", SECRET), user.accessToken()).requireSuccess();
        grants.refresh("app", user.refreshToken()).requireSuccess();
    }

    @Test
    void disabledOrDeletedOwnerOrSponsorOrphansTheMachine() throws Exception {
        var owned = OidcClient.secret("svc-owned", SECRET);
        var agent = OidcClient.secret("agent", SECRET);
        grants.clientCredentials(owned).requireSuccess();
        grants.clientCredentials(agent).requireSuccess();

        Principals.setEnabled(Principals.user(enforce, "owen"), false);
        Grants.Result refused = grants.clientCredentials(owned);
        assertThat(refused.refused()).as(refused.describe()).isTrue();
        assertThat(refused.error().getCode()).isEqualTo("invalid_client");
        assertThat(refused.error().getDescription()).contains("owen is disabled");

        Principals.setEnabled(Principals.user(enforce, "owen"), true);
        grants.clientCredentials(owned).requireSuccess();

        enforce.users().delete(Principals.user(enforce, "spencer").toRepresentation().getId()).close();
        Grants.Result orphanedAgent = grants.clientCredentials(agent);
        assertThat(orphanedAgent.refused()).as(orphanedAgent.describe()).isTrue();
        assertThat(orphanedAgent.error().getDescription()).contains("spencer is deleted");
    }

    @Test
    void overdueReviewIsRefusedBeyondTheGraceOfClassAndRiskTier() throws Exception {
        // hugo and hana: cadence 30 days, created 31 days ago, never reviewed; critical tier has no grace
        assertAccessDenied(grants.password("app", "hugo", Realms.PASSWORD), "overdue for review");
        grants.password("app", "hana", Realms.PASSWORD).requireSuccess();
        // rex: last reviewed 400 days ago, human default cadence 365 + grace 30
        assertAccessDenied(grants.password("app", "rex", Realms.PASSWORD), "overdue for review");
        assertAccessDenied(grants.password("app2", "rex", Realms.PASSWORD), "overdue for review");
        String code = BrowserLogin.code(server.realmUrl(ENFORCE), "app", REDIRECT, "rex", Realms.PASSWORD);
        assertAccessDenied(grants.authorizationCode("app", code, REDIRECT), "overdue for review");
    }

    @Test
    void monitorModeIssuesTheTokenAndRecordsWouldDeny() throws Exception {
        Grants monitorGrants = new Grants(server.realmUrl(MONITOR));
        Principals.setAttributes(Principals.serviceAccount(monitor, "svc-expiring"), Map.of("identity_expires_at", yesterday()));
        monitorGrants.clientCredentials(OidcClient.secret("svc-expiring", SECRET)).requireSuccess();
        monitorGrants.password("app", "rex", Realms.PASSWORD).requireSuccess();
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=service-account-svc-expiring policy=lifecycle-expiry"), "would-deny for the expired client");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=rex policy=lifecycle-review-overdue"), "would-deny for the overdue human");
    }

    /**
     * Setup 13: the pack's policy is satisfied only on the events its executors act on (a client-credentials token's
     * response, not its request; no introspection), so Keycloak skips the pack's profile on the others. A realm set
     * up with any-client gets the new condition and keeps refusing.
     */
    @Test
    void thePolicyConditionNamesTheGatedEventsAndARealmOnAnyClientGetsIt() throws Exception {
        Map<String, String> info = server.adminClient().serverInfo().getInfo().getProviders().get("client-policy-condition")
                .getProviders().get("idgov-gated-events").getOperationalInfo();
        List<String> events = List.of(info.get("events").split(","));
        assertThat(events).contains("SERVICE_ACCOUNT_TOKEN_RESPONSE", "TOKEN_EXCHANGE_REQUEST", "TOKEN_REFRESH_RESPONSE",
                "RESOURCE_OWNER_PASSWORD_CREDENTIALS_REQUEST", "BACKCHANNEL_AUTHENTICATION_REQUEST", "REGISTER", "UPDATE", "UPDATED")
                .doesNotContain("SERVICE_ACCOUNT_TOKEN_REQUEST", "TOKEN_INTROSPECT", "USERINFO_REQUEST", "LOGOUT_REQUEST");

        RealmRepresentation rep = Realms.governed("lifecycle-setup12", "enforce");
        rep.getUsers().add(Realms.principal("gone12", Map.of("identity_expires_at", yesterday())));
        RealmResource older = create(server, rep);
        ClientPoliciesRepresentation policies = older.clientPoliciesPoliciesResource().getPolicies(false);
        ClientPolicyRepresentation ours = policies.getPolicies().stream().filter(p -> "idgov-lifecycle".equals(p.getName()))
                .findFirst().orElseThrow();
        assertThat(ours.getConditions()).extracting(ClientPolicyConditionRepresentation::getConditionProviderId)
                .containsExactly("idgov-gated-events");
        ClientPolicyConditionRepresentation anyClient = new ClientPolicyConditionRepresentation();
        anyClient.setConditionProviderId("any-client");
        anyClient.setConfiguration(JsonSerialization.createObjectNode());
        ours.setConditions(List.of(anyClient));
        policies.setGlobalPolicies(null);
        older.clientPoliciesPoliciesResource().updatePolicies(policies);
        Realms.refreshFromSetup(older, "12");

        ClientPolicyRepresentation now = older.clientPoliciesPoliciesResource().getPolicies(false).getPolicies().stream()
                .filter(p -> "idgov-lifecycle".equals(p.getName())).findFirst().orElseThrow();
        assertThat(now.getConditions()).extracting(ClientPolicyConditionRepresentation::getConditionProviderId)
                .containsExactly("idgov-gated-events");
        assertThat(older.toRepresentation().getAttributes()).doesNotContainEntry("idgov.installed", "12");
        assertAccessDenied(new Grants(server.realmUrl("lifecycle-setup12")).password("app", "gone12", Realms.PASSWORD), "expired on");
    }

    @Test
    void switchingGovernanceOffRemovesTheGateAndOnInstallsIt() throws Exception {
        RealmRepresentation rep = Realms.governed("lifecycle-toggle", "enforce");
        rep.getUsers().add(Realms.principal("gone", Map.of("identity_expires_at", yesterday())));
        RealmResource toggle = create(server, rep);
        Grants toggleGrants = new Grants(server.realmUrl("lifecycle-toggle"));
        assertThat(toggle.clientPoliciesPoliciesResource().getPolicies().getPolicies())
                .anyMatch(p -> "idgov-lifecycle".equals(p.getName()) && Boolean.TRUE.equals(p.isEnabled()));
        assertAccessDenied(toggleGrants.password("app", "gone", Realms.PASSWORD), "expired on");

        setMode(toggle, "off");
        assertThat(toggle.clientPoliciesPoliciesResource().getPolicies().getPolicies()).noneMatch(p -> "idgov-lifecycle".equals(p.getName()));
        assertThat(toggle.clientPoliciesProfilesResource().getProfiles(false).getProfiles()).noneMatch(p -> "idgov-lifecycle".equals(p.getName()));
        toggleGrants.password("app", "gone", Realms.PASSWORD).requireSuccess();

        setMode(toggle, "enforce");
        assertAccessDenied(toggleGrants.password("app", "gone", Realms.PASSWORD), "expired on");
    }

    private static void setMode(RealmResource realm, String mode) {
        RealmRepresentation rep = realm.toRepresentation();
        Map<String, String> attributes = rep.getAttributes() == null ? new HashMap<>() : new HashMap<>(rep.getAttributes());
        attributes.put("idgov.mode", mode);
        rep.setAttributes(attributes);
        realm.update(rep);
    }

    private static RealmResource create(KeycloakServer server, RealmRepresentation realm) {
        try {
            return Realms.create(server, realm);
        } catch (jakarta.ws.rs.WebApplicationException e) {
            throw new AssertionError("import of " + realm.getRealm() + " refused: " + e.getResponse().readEntity(String.class), e);
        }
    }

    private void assertAccessDenied(Grants.Result result, String reason) {
        assertThat(result.refused()).as(result.describe()).isTrue();
        assertThat(result.error().getCode()).isEqualTo("access_denied");
        assertThat(result.error().getDescription()).contains(reason);
    }

    private void enableExchange(String clientId) {
        var resource = enforce.clients().get(enforce.clients().findByClientId(clientId).get(0).getId());
        ClientRepresentation rep = resource.toRepresentation();
        Map<String, String> attributes = rep.getAttributes() == null ? new HashMap<>() : new HashMap<>(rep.getAttributes());
        attributes.put("standard.token.exchange.enabled", "true");
        rep.setAttributes(attributes);
        resource.update(rep);
    }

    private static List<EventRepresentation> errorEvents(RealmResource realm, String type) {
        return realm.getEvents(List.of(type), null, null, null, null, null, 0, 100);
    }

    private static String yesterday() {
        return LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    }

    private static RealmRepresentation realm(String name, String mode) {
        RealmRepresentation realm = Realms.governed(name, mode);
        realm.setEventsEnabled(true);
        realm.setEnabledEventTypes(List.of("CLIENT_LOGIN_ERROR", "LOGIN_ERROR", "REFRESH_TOKEN_ERROR", "CODE_TO_TOKEN_ERROR",
                "TOKEN_EXCHANGE_ERROR"));
        realm.getUsers().add(Realms.human("owen", true));
        realm.getUsers().add(Realms.human("spencer", true));
        realm.getUsers().add(Realms.human("erin", true));
        realm.getUsers().add(Realms.principal("erin-expiring", Map.of("identity_expires_at",
                LocalDate.now(ZoneOffset.UTC).plusDays(30).toString())));
        long created31DaysAgo = Instant.now().minus(31, ChronoUnit.DAYS).toEpochMilli();
        realm.getUsers().add(created("hugo", created31DaysAgo, Map.of("identity_review_cadence_days", "30",
                "identity_risk_tier", "critical")));
        realm.getUsers().add(created("hana", created31DaysAgo, Map.of("identity_review_cadence_days", "30",
                "identity_risk_tier", "low")));
        realm.getUsers().add(Realms.principal("rex", Map.of(
                "identity_last_reviewed_at", Instant.now().minus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "identity_last_reviewed_by", "olivia")));

        ClientRepresentation app = realm.getClients().get(0);
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("exchanger audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", "exchanger", "access.token.claim", "true",
                "introspection.token.claim", "true"));
        app.setProtocolMappers(List.of(audience));
        realm.getClients().add(Realms.publicApp("app2"));
        realm.getClients().add(Realms.serviceClient("svc-expiring", SECRET));
        realm.getClients().add(Realms.serviceClient("svc-owned", SECRET));
        realm.getClients().add(Realms.serviceClient("agent", SECRET));
        ClientRepresentation exchanger = Realms.serviceClient("exchanger", SECRET);
        exchanger.setAttributes(new HashMap<>(Map.of("standard.token.exchange.enabled", "true")));
        realm.getClients().add(exchanger);
        for (String client : List.of("svc-expiring", "svc-owned", "exchanger")) {
            Map<String, String> machine = new LinkedHashMap<>(Realms.machine("service-account"));
            if (client.equals("svc-owned")) {
                machine.put("identity_owner", "owen");
            }
            realm.getUsers().add(Realms.serviceAccountUser(client, machine));
        }
        Map<String, String> agent = new LinkedHashMap<>(Realms.machine("ai-agent"));
        agent.put("identity_sponsor", "spencer");
        realm.getUsers().add(Realms.serviceAccountUser("agent", agent));
        return realm;
    }


    private static UserRepresentation created(String username, long createdTimestamp, Map<String, String> attributes) {
        UserRepresentation user = Realms.principal(username, attributes);
        user.setCreatedTimestamp(createdTimestamp);
        return user;
    }
}

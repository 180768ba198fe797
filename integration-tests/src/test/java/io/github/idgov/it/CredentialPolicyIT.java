package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AdminErrors;
import io.github.idgov.it.support.BrowserLogin;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.TokenEndpoint;
import io.github.idgov.it.support.WorkloadIssuer;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * The credential policy by identity class and risk tier on the real server: methods refused on client save (400
 * naming {@code clientAuthenticatorType}) and at every grant where the client authenticates (client credentials,
 * token exchange, refresh, password, authorization code: {@code invalid_client}), secret age with grace and
 * rotation, monitor mode's would-deny, and the workload identity path: {@code client-jwt} signed with the client's
 * own key (JWKS URL) and {@code federated-jwt} from an issuer the realm trusts (an in-test issuer with its own JWKS).
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialPolicyIT {

    private static final String ENFORCE = "credpolicy-enforce";
    private static final String MONITOR = "credpolicy-monitor";
    private static final String ROTATION = "credpolicy-rotation";
    private static final String SECRET = "credpolicy-it-secret";
    private static final String EXECUTOR = "idgov-credential-policy";
    private static final String WORKLOAD_SUBJECT = "system:serviceaccount:jobs:reporter";
    private static final URI REDIRECT = URI.create("http://127.0.0.1/callback");

    private KeycloakServer server;
    private RealmResource enforce;
    private RealmResource monitor;
    private Grants grants;
    private WorkloadIssuer workloadIssuer;
    private WorkloadIssuer clientKeys;

    @BeforeAll
    void createRealms(KeycloakServer server) throws Exception {
        this.server = server;
        workloadIssuer = new WorkloadIssuer();
        clientKeys = new WorkloadIssuer();
        enforce = create(realm(ENFORCE, "enforce"));
        monitor = create(realm(MONITOR, "monitor"));
        // the policy's own rollout switch: follow the realm's mode
        configure(enforce, Map.of("enforcement", "realm"));
        configure(monitor, Map.of("enforcement", "realm"));
        grants = new Grants(server.realmUrl(ENFORCE));
    }

    @AfterAll
    void stopIssuers() throws Exception {
        workloadIssuer.close();
        clientKeys.close();
    }

    @Test
    void agentWithASecretIsRefusedOnClientCredentialsAndTokenExchange() throws Exception {
        var agent = OidcClient.secret("agent-secret", SECRET);
        Grants.Result cc = grants.clientCredentials(agent);
        assertInvalidClient(cc, "client agent-secret (ai-agent/medium) authenticates with client-secret",
                "allowed for ai-agent/medium: client-jwt, client-x509, federated-jwt");

        var human = grants.password("app", "olivia", Realms.PASSWORD).requireSuccess();
        assertInvalidClient(grants.exchange(agent, human.accessToken()), "authenticates with client-secret");

        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-agent-secret policy=credential-method"), "deny decision for the agent's secret");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("[grant token_exchange, client agent-secret]"),
                "deny decision names the exchange grant");
    }

    @Test
    void serviceAccountReclassifiedLaterIsCaughtAtTokenTime() throws Exception {
        var svc = OidcClient.secret("svc-reclassified", SECRET);
        grants.clientCredentials(svc).requireSuccess();
        Principals.setAttributes(Principals.serviceAccount(enforce, "svc-reclassified"), Map.of("identity_risk_tier", "critical"));
        assertInvalidClient(grants.clientCredentials(svc), "(service-account/critical) authenticates with client-secret");
        Principals.setAttributes(Principals.serviceAccount(enforce, "svc-reclassified"), Map.of("identity_risk_tier", "low"));
        grants.clientCredentials(svc).requireSuccess();
    }

    @Test
    void savingADisallowedMethodIsRefusedNamingTheField() {
        ClientResource agent = client(enforce, "agent-jwt");
        ClientRepresentation rep = agent.toRepresentation();
        rep.setClientAuthenticatorType("client-secret");
        WebApplicationException refused = catchAdmin(() -> agent.update(rep));
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(AdminErrors.message(refused)).startsWith("clientAuthenticatorType: client agent-jwt (ai-agent/high) authenticates with client-secret");
        assertThat(agent.toRepresentation().getClientAuthenticatorType()).isEqualTo("client-jwt");

        // client-secret-jwt is a secret too
        rep.setClientAuthenticatorType("client-secret-jwt");
        assertThat(catchAdmin(() -> agent.update(rep)).getResponse().getStatus()).isEqualTo(400);

        // a partial update that leaves the method alone goes through; so does a move to another key-based method
        ClientRepresentation rename = agent.toRepresentation();
        rename.setDescription("renamed");
        agent.update(rename);
        rename.setClientAuthenticatorType("client-x509");
        agent.update(rename);
        assertThat(agent.toRepresentation().getClientAuthenticatorType()).isEqualTo("client-x509");
        rename.setClientAuthenticatorType("client-jwt");
        agent.update(rename);

        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-agent-jwt policy=credential-method"), "deny decision for the refused save");
    }

    @Test
    void aNewClientIsCheckedAsTheServiceAccountItWillBe() {
        ClientRepresentation fresh = Realms.serviceClient("svc-new", null);
        fresh.setClientAuthenticatorType("client-secret");
        Realms.createdId(enforce.clients().create(fresh));
        // a medium-tier service account may keep a secret; moving it to high tier makes the next token request fail
        Map<String, String> high = new LinkedHashMap<>(Realms.machine("service-account"));
        high.put("identity_risk_tier", "high");
        Principals.setAttributes(Principals.serviceAccount(enforce, "svc-new"), high);
        ClientResource created = client(enforce, "svc-new");
        ClientRepresentation rep = created.toRepresentation();
        rep.setClientAuthenticatorType("client-secret-jwt");
        WebApplicationException refused = catchAdmin(() -> created.update(rep));
        assertThat(AdminErrors.message(refused)).contains("clientAuthenticatorType").contains("service-account/high");
    }

    @Test
    void secretOlderThanMaximumPlusGraceIsRefusedAndRegeneratingItResetsTheAge() throws Exception {
        ClientResource resource = client(enforce, "svc-aging");
        var svc = OidcClient.secret("svc-aging", SECRET);
        TokenEndpoint endpoint = new TokenEndpoint(server.realmUrl(ENFORCE));
        TokenEndpoint.Answer before = endpoint.post(svc, password("olivia"));
        assertThat(before.ok()).as(before.describe()).isTrue();
        RefreshToken refreshToken = new RefreshToken((String) before.body().get("refresh_token"));

        // 95 days: past the 90-day maximum, inside the 7 days of grace
        setSecretCreated(resource, Instant.now().minus(95, ChronoUnit.DAYS));
        grants.clientCredentials(svc).requireSuccess();

        setSecretCreated(resource, Instant.now().minus(98, ChronoUnit.DAYS));
        assertInvalidClient(grants.clientCredentials(svc), "client secret of svc-aging (service-account/medium) is 98 days old",
                "maximum 90 days + 7 days grace");
        assertInvalidClient(grants.refresh(svc, refreshToken), "98 days old");
        TokenEndpoint.Answer passwordGrant = endpoint.post(svc, password("olivia"));
        assertThat(passwordGrant.error()).as(passwordGrant.describe()).isEqualTo("invalid_client");
        assertThat(passwordGrant.description()).contains("98 days old");
        String code = BrowserLogin.code(server.realmUrl(ENFORCE), "svc-aging", REDIRECT, "olivia", Realms.PASSWORD);
        TokenEndpoint.Answer codeGrant = endpoint.post(svc, authorizationCode(code));
        assertThat(codeGrant.error()).as(codeGrant.describe()).isEqualTo("invalid_client");
        assertThat(codeGrant.description()).contains("98 days old");

        String rotated = resource.generateNewSecret().getValue();
        assertThat(rotated).isNotEqualTo(SECRET);
        var fresh = OidcClient.secret("svc-aging", rotated);
        grants.clientCredentials(fresh).requireSuccess();
        assertThat(grants.clientCredentials(svc).refused()).isTrue();

        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=service-account-svc-aging policy=credential-secret-age"), "deny decision for the old secret");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("lifecycle=CREDENTIAL_ROTATED realm=" + ENFORCE
                + " principal=service-account-svc-aging"), "rotation lifecycle record");
    }

    /**
     * Keycloak's own rotation (its {@code secret-rotation} client-policy executor, feature {@code client-secret-rotation})
     * rotates an expired secret when the client is updated: the new secret's age starts again, so the client refused for
     * its 98-day-old secret gets tokens with the rotated one; the refusal and the rotation are both audit records.
     */
    @Test
    void keycloaksSecretRotationExecutorResetsTheAgeThePolicyCounts() throws Exception {
        RealmResource rotating = create(realm(ROTATION, "enforce"));
        configure(rotating, Map.of("enforcement", "realm"));
        enableSecretRotation(rotating);
        Grants rotationGrants = new Grants(server.realmUrl(ROTATION));
        ClientResource resource = client(rotating, "svc-rotating");
        var old = OidcClient.secret("svc-rotating", SECRET);
        rotationGrants.clientCredentials(old).requireSuccess();

        // Keycloak's rotation period (120 days) is longer than the policy's maximum (90 + 7 days of grace)
        setSecretCreated(resource, Instant.now().minus(98, ChronoUnit.DAYS));
        assertThat(resource.toRepresentation().getAttributes()).containsKey("client.secret.expiration.time");
        assertInvalidClient(rotationGrants.clientCredentials(old), "client secret of svc-rotating (service-account/medium) is 98 days old");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + ROTATION
                + " principal=service-account-svc-rotating policy=credential-secret-age"), "deny decision for the aged secret");

        // the secret reaches Keycloak's own expiry: the next update of the client rotates it (Keycloak's executor)
        ClientRepresentation rep = resource.toRepresentation();
        Map<String, String> attributes = new HashMap<>(rep.getAttributes());
        attributes.put("client.secret.expiration.time", String.valueOf(Instant.now().minusSeconds(60).getEpochSecond()));
        rep.setAttributes(attributes);
        resource.update(rep);
        String rotated = resource.getSecret().getValue();
        assertThat(rotated).isNotEqualTo(SECRET);
        long created = Long.parseLong(resource.toRepresentation().getAttributes().get("client.secret.creation.time"));
        assertThat(Instant.ofEpochSecond(created)).isAfter(Instant.now().minusSeconds(300));

        var fresh = OidcClient.secret("svc-rotating", rotated);
        rotationGrants.clientCredentials(fresh).requireSuccess();
        rotationGrants.clientCredentials(fresh).requireSuccess();

        // Keycloak still accepts the replaced secret for a day (rotated-expiration-period): it is still 98 days old
        assertThat(resource.toRepresentation().getAttributes()).containsKey("client.secret.rotated");
        assertInvalidClient(rotationGrants.clientCredentials(old), "client secret of svc-rotating (service-account/medium) is 98 days old");
        assertInvalidClient(rotationGrants.clientCredentials(new ClientSecretPost(new ClientID("svc-rotating"), new Secret(SECRET))),
                "98 days old");

        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("lifecycle=CREDENTIAL_ROTATED realm=" + ROTATION
                + " principal=service-account-svc-rotating by=admin details="), "rotation lifecycle record naming the administrator");
        assertThat(server.logContains("secret=generated")).as("the record says Keycloak generated the secret").isTrue();
    }

    /**
     * A regenerated secret with Keycloak's rotation on: the replaced secret stays valid for the rotation's grace. The
     * age policy honours that grace for a young secret and refuses an old one however it is presented: a regeneration
     * is no way to keep using a secret past its maximum age.
     */
    @Test
    void aSecretKeptByRotationIsJudgedByItsOwnAge() throws Exception {
        RealmResource rotating = create(realm(ROTATION + "-kept", "enforce"));
        configure(rotating, Map.of("enforcement", "realm"));
        enableSecretRotation(rotating);
        Grants rotationGrants = new Grants(server.realmUrl(ROTATION + "-kept"));
        ClientResource resource = client(rotating, "svc-rotating");
        rotationGrants.clientCredentials(OidcClient.secret("svc-rotating", SECRET)).requireSuccess();

        // a young secret replaced: both work during the grace
        String second = resource.generateNewSecret().getValue();
        rotationGrants.clientCredentials(OidcClient.secret("svc-rotating", SECRET)).requireSuccess();
        rotationGrants.clientCredentials(OidcClient.secret("svc-rotating", second)).requireSuccess();

        // an old secret replaced: the new one works, the old one is refused by its age, basic or post
        setSecretCreated(resource, Instant.now().minus(98, ChronoUnit.DAYS));
        assertInvalidClient(rotationGrants.clientCredentials(OidcClient.secret("svc-rotating", second)), "98 days old");
        String third = resource.generateNewSecret().getValue();
        assertThat(resource.toRepresentation().getAttributes()).containsEntry("client.secret.rotated", second);
        rotationGrants.clientCredentials(OidcClient.secret("svc-rotating", third)).requireSuccess();
        assertInvalidClient(rotationGrants.clientCredentials(OidcClient.secret("svc-rotating", second)),
                "client secret of svc-rotating (service-account/medium) is 98 days old");
        assertInvalidClient(rotationGrants.clientCredentials(new ClientSecretPost(new ClientID("svc-rotating"), new Secret(second))),
                "98 days old");
        // the first secret is no longer Keycloak's rotated one: refused by Keycloak itself
        assertThat(rotationGrants.clientCredentials(OidcClient.secret("svc-rotating", SECRET)).refused()).isTrue();
    }

    /**
     * The same grace for {@code client-secret-jwt}: Keycloak accepts an assertion signed with the rotated secret, and
     * the age policy tells which secret signed it, so an old secret cannot hide behind a fresh one as an HMAC key.
     */
    @Test
    void anAssertionSignedWithTheRotatedSecretIsJudgedByThatSecretsAge() throws Exception {
        String realmName = ROTATION + "-jwt";
        RealmResource rotating = create(realm(realmName, "enforce"));
        configure(rotating, Map.of("enforcement", "realm"));
        enableSecretRotation(rotating);
        Grants rotationGrants = new Grants(server.realmUrl(realmName));
        URI tokenEndpoint = URI.create(server.realmUrl(realmName) + "/protocol/openid-connect/token");
        ClientResource resource = client(rotating, "svc-rotating");
        ClientRepresentation rep = resource.toRepresentation();
        rep.setClientAuthenticatorType("client-secret-jwt");
        resource.update(rep);
        String second = resource.generateNewSecret().getValue();
        rotationGrants.clientCredentials(secretJwt(tokenEndpoint, second)).requireSuccess();

        // the second secret grows old and is replaced: Keycloak keeps accepting it as the rotated one
        setSecretCreated(resource, Instant.now().minus(98, ChronoUnit.DAYS));
        String third = resource.generateNewSecret().getValue();
        assertThat(resource.toRepresentation().getAttributes()).containsEntry("client.secret.rotated", second);

        rotationGrants.clientCredentials(secretJwt(tokenEndpoint, third)).requireSuccess();
        assertInvalidClient(rotationGrants.clientCredentials(secretJwt(tokenEndpoint, second)),
                "client secret of svc-rotating (service-account/medium) is 98 days old");
    }

    /** A fresh assertion per request: Keycloak refuses a reused {@code jti}. */
    private static ClientSecretJWT secretJwt(URI tokenEndpoint, String secret) throws Exception {
        return new ClientSecretJWT(new ClientID("svc-rotating"), tokenEndpoint, JWSAlgorithm.HS256, new Secret(secret));
    }

    @Test
    void aSecretWithoutCreationTimeAgesFromFirstUse() throws Exception {
        grants.clientCredentials(OidcClient.secret("svc-imported", SECRET)).requireSuccess();
        Map<String, String> attributes = client(enforce, "svc-imported").toRepresentation().getAttributes();
        assertThat(attributes).doesNotContainKey("client.secret.creation.time");
        long firstSeen = Long.parseLong(attributes.get("idgov.secret.first_seen"));
        assertThat(Instant.ofEpochSecond(firstSeen)).isBetween(Instant.now().minusSeconds(300), Instant.now().plusSeconds(5));
    }

    @Test
    void monitorModeIssuesTokensAndSavesWhileRecordingWouldDeny() throws Exception {
        Grants monitorGrants = new Grants(server.realmUrl(MONITOR));
        monitorGrants.clientCredentials(OidcClient.secret("agent-secret", SECRET)).requireSuccess();
        ClientResource agent = client(monitor, "agent-jwt");
        ClientRepresentation rep = agent.toRepresentation();
        rep.setClientAuthenticatorType("client-secret");
        agent.update(rep);
        assertThat(agent.toRepresentation().getClientAuthenticatorType()).isEqualTo("client-secret");

        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=service-account-agent-secret policy=credential-method"), "would-deny at token time");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=service-account-agent-jwt policy=credential-method"), "would-deny at save time");
    }

    @Test
    void policyDefaultsToMonitorUntilTheAdminSwitchesItToTheRealmsMode() throws Exception {
        RealmResource fresh = create(realm("credpolicy-default", "enforce"));
        Grants defaultGrants = new Grants(server.realmUrl("credpolicy-default"));
        defaultGrants.clientCredentials(OidcClient.secret("agent-secret", SECRET)).requireSuccess();
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=would-deny realm=credpolicy-default"
                + " principal=service-account-agent-secret policy=credential-method"), "would-deny under the default enforcement");
        configure(fresh, Map.of("enforcement", "realm"));
        assertInvalidClient(defaultGrants.clientCredentials(OidcClient.secret("agent-secret", SECRET)), "authenticates with client-secret");
    }

    /** Setup 9 had each gate as an executor of its own; 10 keeps the credential policy (and its configuration) and one for the rest. */
    @Test
    void aRealmOnTheOlderProfileGetsTheNewOneAndKeepsItsCredentialPolicy() throws Exception {
        RealmResource older = create(realm("credpolicy-setup9", "enforce"));
        configure(older, Map.of("enforcement", "realm", "secret-grace-days", 3));
        ClientProfilesRepresentation profiles = older.clientPoliciesProfilesResource().getProfiles(false);
        ClientProfileRepresentation ours = profiles.getProfiles().stream().filter(p -> "idgov-lifecycle".equals(p.getName()))
                .findFirst().orElseThrow();
        var credential = ours.getExecutors().stream().filter(e -> EXECUTOR.equals(e.getExecutorProviderId())).findFirst().orElseThrow();
        List<ClientPolicyExecutorRepresentation> setup9 = new java.util.ArrayList<>();
        for (String id : List.of("idgov-lifecycle-gate", "idgov-agent-grant-guard", "idgov-machine-login-gate", "idgov-step-up-gate",
                EXECUTOR, "idgov-environment-gate", "idgov-command-limit", "idgov-agent-approval-gate")) {
            ClientPolicyExecutorRepresentation executor = new ClientPolicyExecutorRepresentation();
            executor.setExecutorProviderId(id);
            executor.setConfiguration(EXECUTOR.equals(id) ? credential.getConfiguration() : JsonSerialization.createObjectNode());
            setup9.add(executor);
        }
        ours.setExecutors(setup9);
        profiles.setGlobalProfiles(null);
        older.clientPoliciesProfilesResource().updateProfiles(profiles);
        Realms.refreshFromSetup(older, "9");

        ClientProfileRepresentation now = older.clientPoliciesProfilesResource().getProfiles(false).getProfiles().stream()
                .filter(p -> "idgov-lifecycle".equals(p.getName())).findFirst().orElseThrow();
        assertThat(now.getExecutors()).extracting(ClientPolicyExecutorRepresentation::getExecutorProviderId)
                .containsExactly(EXECUTOR, "idgov-token-gates");
        assertThat(now.getExecutors().get(0).getConfiguration().get("secret-grace-days").asInt()).isEqualTo(3);
        assertThat(now.getExecutors().get(0).getConfiguration().get("enforcement").asText()).isEqualTo("realm");
        assertThat(older.toRepresentation().getAttributes()).doesNotContainEntry("idgov.installed", "9");
        assertInvalidClient(new Grants(server.realmUrl("credpolicy-setup9")).clientCredentials(OidcClient.secret("agent-secret", SECRET)),
                "authenticates with client-secret");
    }

    @Test
    void badExecutorConfigurationIsRefused() {
        ClientProfilesRepresentation before = enforce.clientPoliciesProfilesResource().getProfiles(false);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("allowed-methods-ai-agent", List.of("password")),
                Map.of("secret-grace-days", "seven"), Map.of("enforcement", "enforce"), Map.of("allowed-methods-human", "client-jwt"))) {
            WebApplicationException refused = catchAdmin(() -> configure(enforce, bad));
            assertThat(refused.getResponse().getStatus()).as(bad.toString()).isEqualTo(400);
        }
        assertThat(JsonSerialization.valueAsString(enforce.clientPoliciesProfilesResource().getProfiles(false)))
                .isEqualTo(JsonSerialization.valueAsString(before));
    }

    @Test
    void clientJwtSignedWithTheClientsOwnKeyFromItsJwksUrl() throws Exception {
        URI tokenEndpoint = URI.create(server.realmUrl(ENFORCE) + "/protocol/openid-connect/token");
        var signed = new PrivateKeyJWT(new ClientID("agent-jwt"), tokenEndpoint, JWSAlgorithm.RS256,
                clientKeys.key().toPrivateKey(), clientKeys.key().getKeyID(), null);
        grants.clientCredentials(signed).requireSuccess();

        RSAKey forger = new RSAKeyGenerator(2048).keyID(clientKeys.key().getKeyID()).generate();
        var forged = new PrivateKeyJWT(new ClientID("agent-jwt"), tokenEndpoint, JWSAlgorithm.RS256, forger.toPrivateKey(),
                forger.getKeyID(), null);
        Grants.Result refused = grants.clientCredentials(forged);
        assertThat(refused.refused()).as(refused.describe()).isTrue();
        assertThat(refused.error().getCode()).isEqualTo("invalid_client");
    }

    @Test
    void federatedJwtFromATrustedIssuerAuthenticatesTheServiceAccount() throws Exception {
        TokenEndpoint endpoint = new TokenEndpoint(server.realmUrl(ENFORCE));
        String audience = server.issuer(ENFORCE);
        Instant soon = Instant.now().plusSeconds(60);

        TokenEndpoint.Answer ok = endpoint.post(null, federated(workloadIssuer.sign(WORKLOAD_SUBJECT, audience, soon)));
        assertThat(ok.ok()).as(ok.describe()).isTrue();
        assertThat(ok.claims().getStringClaim("azp")).isEqualTo("agent-federated");

        RSAKey forger = new RSAKeyGenerator(2048).keyID(workloadIssuer.key().getKeyID()).generate();
        assertRefused(endpoint.post(null, federated(WorkloadIssuer.sign(forger, workloadIssuer.issuer(), WORKLOAD_SUBJECT, audience, soon))));
        assertRefused(endpoint.post(null, federated(workloadIssuer.sign(WORKLOAD_SUBJECT, audience, Instant.now().minusSeconds(120)))));
        assertRefused(endpoint.post(null, federated(workloadIssuer.sign(WORKLOAD_SUBJECT, server.issuer(MONITOR), soon))));
        assertRefused(endpoint.post(null, federated(workloadIssuer.sign("system:serviceaccount:jobs:other", audience, soon))));
        // another issuer's token for the same subject
        assertRefused(endpoint.post(null, federated(WorkloadIssuer.sign(forger, "http://127.0.0.1:1", WORKLOAD_SUBJECT, audience, soon))));

        // the credential policy still applies to a federated client: an agent is allowed federated-jwt, not more
        ClientResource federatedClient = client(enforce, "agent-federated");
        ClientRepresentation rep = federatedClient.toRepresentation();
        rep.setClientAuthenticatorType("client-secret");
        assertThat(AdminErrors.message(catchAdmin(() -> federatedClient.update(rep)))).startsWith("clientAuthenticatorType:");
    }

    private static Map<String, List<String>> password(String username) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("password"));
        form.put("username", List.of(username));
        form.put("password", List.of(Realms.PASSWORD));
        return form;
    }

    private static Map<String, List<String>> authorizationCode(String code) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("authorization_code"));
        form.put("code", List.of(code));
        form.put("redirect_uri", List.of(REDIRECT.toString()));
        return form;
    }

    private static Map<String, List<String>> federated(String assertion) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("client_credentials"));
        form.put("client_assertion_type", List.of("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
        form.put("client_assertion", List.of(assertion));
        return form;
    }

    private static void assertRefused(TokenEndpoint.Answer answer) {
        assertThat(answer.ok()).as(answer.describe()).isFalse();
        assertThat(answer.error()).as(answer.describe()).isIn("invalid_client", "unauthorized_client");
    }

    private static void assertInvalidClient(Grants.Result result, String... reasons) {
        assertThat(result.refused()).as(result.describe()).isTrue();
        assertThat(result.error().getCode()).isEqualTo("invalid_client");
        // RFC 6749 section 5.2: 401 for a failed client authentication, on every grant
        assertThat(result.error().getHTTPStatusCode()).isEqualTo(401);
        for (String reason : reasons) {
            assertThat(result.error().getDescription()).contains(reason);
        }
    }

    private static WebApplicationException catchAdmin(Runnable call) {
        try {
            call.run();
        } catch (WebApplicationException e) {
            return e;
        }
        throw new AssertionError("the admin call was accepted");
    }

    static void setSecretCreated(ClientResource resource, Instant created) {
        ClientRepresentation rep = resource.toRepresentation();
        Map<String, String> attributes = new HashMap<>(rep.getAttributes());
        attributes.put("client.secret.creation.time", String.valueOf(created.getEpochSecond()));
        rep.setAttributes(attributes);
        resource.update(rep);
    }

    /**
     * A realm profile and policy of Keycloak's own: executor {@code secret-rotation} (secrets expire after 120 days, the
     * previous secret stays valid a day after a rotation) on every client, beside the pack's profile.
     */
    private static void enableSecretRotation(RealmResource realm) {
        ClientProfilesRepresentation profiles = realm.clientPoliciesProfilesResource().getProfiles(false);
        ClientPolicyExecutorRepresentation executor = new ClientPolicyExecutorRepresentation();
        executor.setExecutorProviderId("secret-rotation");
        executor.setConfiguration(JsonSerialization.mapper.valueToTree(Map.of("expiration-period", 120 * 86_400,
                "rotated-expiration-period", 86_400, "remaining-rotation-period", 10 * 86_400)));
        ClientProfileRepresentation profile = new ClientProfileRepresentation();
        profile.setName("rotation");
        profile.setExecutors(List.of(executor));
        List<ClientProfileRepresentation> profileList = new java.util.ArrayList<>(profiles.getProfiles());
        profileList.add(profile);
        profiles.setProfiles(profileList);
        profiles.setGlobalProfiles(null);
        realm.clientPoliciesProfilesResource().updateProfiles(profiles);

        ClientPoliciesRepresentation policies = realm.clientPoliciesPoliciesResource().getPolicies(false);
        ClientPolicyConditionRepresentation anyClient = new ClientPolicyConditionRepresentation();
        anyClient.setConditionProviderId("any-client");
        anyClient.setConfiguration(JsonSerialization.createObjectNode());
        ClientPolicyRepresentation policy = new ClientPolicyRepresentation();
        policy.setName("rotation");
        policy.setEnabled(true);
        policy.setConditions(List.of(anyClient));
        policy.setProfiles(List.of("rotation"));
        List<ClientPolicyRepresentation> policyList = new java.util.ArrayList<>(policies.getPolicies());
        policyList.add(policy);
        policies.setPolicies(policyList);
        policies.setGlobalPolicies(null);
        realm.clientPoliciesPoliciesResource().updatePolicies(policies);
    }

    /** Sets the credential policy executor's configuration in the realm's idgov-lifecycle profile. */
    static void configure(RealmResource realm, Map<String, ?> config) {
        ClientProfilesRepresentation profiles = realm.clientPoliciesProfilesResource().getProfiles(false);
        ClientProfileRepresentation ours = profiles.getProfiles().stream().filter(p -> "idgov-lifecycle".equals(p.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no idgov-lifecycle profile"));
        var executor = ours.getExecutors().stream().filter(e -> EXECUTOR.equals(e.getExecutorProviderId())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + EXECUTOR + " executor in the profile"));
        ObjectNode node = JsonSerialization.mapper.valueToTree(config);
        executor.setConfiguration(node);
        profiles.setGlobalProfiles(null);
        realm.clientPoliciesProfilesResource().updateProfiles(profiles);
    }

    static ClientResource client(RealmResource realm, String clientId) {
        return realm.clients().get(realm.clients().findByClientId(clientId).get(0).getId());
    }

    private RealmResource create(RealmRepresentation realm) {
        try {
            return Realms.create(server, realm);
        } catch (WebApplicationException e) {
            throw new AssertionError("import of " + realm.getRealm() + " refused: " + e.getResponse().readEntity(String.class), e);
        }
    }

    private RealmRepresentation realm(String name, String mode) {
        RealmRepresentation realm = Realms.governed(name, mode);
        ClientRepresentation agentSecret = Realms.serviceClient("agent-secret", SECRET);
        agentSecret.setAttributes(new HashMap<>(Map.of("standard.token.exchange.enabled", "true")));
        realm.getClients().add(agentSecret);

        ClientRepresentation agentJwt = Realms.serviceClient("agent-jwt", null);
        agentJwt.setClientAuthenticatorType("client-jwt");
        agentJwt.setAttributes(new HashMap<>(Map.of("use.jwks.url", "true", "jwks.url", clientKeys.jwksUrl(),
                "token.endpoint.auth.signing.alg", "RS256")));
        realm.getClients().add(agentJwt);

        ClientRepresentation agentFederated = Realms.serviceClient("agent-federated", null);
        agentFederated.setClientAuthenticatorType("federated-jwt");
        agentFederated.setAttributes(new HashMap<>(Map.of("jwt.credential.issuer", "workload", "jwt.credential.sub", WORKLOAD_SUBJECT)));
        realm.getClients().add(agentFederated);

        ClientRepresentation aging = Realms.serviceClient("svc-aging", SECRET);
        aging.setDirectAccessGrantsEnabled(true);
        aging.setStandardFlowEnabled(true);
        aging.setRedirectUris(List.of(REDIRECT.toString()));
        realm.getClients().add(aging);
        for (String svc : List.of("svc-reclassified", "svc-imported", "svc-rotating")) {
            realm.getClients().add(Realms.serviceClient(svc, SECRET));
        }

        realm.getUsers().add(Realms.serviceAccountUser("agent-secret", Realms.machine("ai-agent")));
        Map<String, String> highAgent = new LinkedHashMap<>(Realms.machine("ai-agent"));
        highAgent.put("identity_risk_tier", "high");
        realm.getUsers().add(Realms.serviceAccountUser("agent-jwt", highAgent));
        realm.getUsers().add(Realms.serviceAccountUser("agent-federated", highAgent));
        for (String svc : List.of("svc-aging", "svc-reclassified", "svc-imported", "svc-rotating")) {
            realm.getUsers().add(Realms.serviceAccountUser(svc, Realms.machine("service-account")));
        }

        IdentityProviderRepresentation workload = new IdentityProviderRepresentation();
        workload.setAlias("workload");
        workload.setProviderId("oidc");
        workload.setEnabled(true);
        workload.setConfig(new HashMap<>(Map.of("issuer", workloadIssuer.issuer(), "jwksUrl", workloadIssuer.jwksUrl(),
                "useJwksUrl", "true", "validateSignature", "true", "supportsClientAssertions", "true",
                "clientId", "keycloak", "clientAuthMethod", "client_secret_post", "clientSecret", "unused",
                "authorizationUrl", workloadIssuer.issuer() + "/authorize", "tokenUrl", workloadIssuer.issuer() + "/token")));
        realm.setIdentityProviders(List.of(workload));
        return realm;
    }
}

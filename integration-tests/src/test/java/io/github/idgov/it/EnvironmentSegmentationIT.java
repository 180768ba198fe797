package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import io.github.idgov.it.harness.AuditSettings;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AdminErrors;
import io.github.idgov.it.support.BrowserLogin;
import io.github.idgov.it.support.CallbackServer;
import io.github.idgov.it.support.Chromium;
import io.github.idgov.it.support.DelegationRealm;
import io.github.idgov.it.support.FlowBindings;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.TokenEndpoint;
import jakarta.ws.rs.BadRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
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
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Environment segmentation on every grant: a dev identity gets no token for a prod client, audience or scope
 * (client credentials, password, authorization code, refresh, device, standard and delegated token exchange); the
 * allow-from exception lets the named environment in; monitor mode records would-deny and issues the token; a bad
 * environment value is refused when saved, naming the attribute.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvironmentSegmentationIT {

    private static final String ENFORCE = "segment-enforce";
    private static final String MONITOR = "segment-monitor";
    private static final String SECRET = DelegationRealm.SECRET;
    private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    private static final URI REDIRECT = URI.create("http://127.0.0.1/callback");
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakServer server;
    private AuditSettings audit;
    private RealmResource enforce;
    private Grants grants;
    private TokenEndpoint endpoint;

    @BeforeAll
    void createRealms(KeycloakServer server, AuditSettings audit) {
        this.server = server;
        this.audit = audit;
        enforce = create(ENFORCE, "enforce");
        create(MONITOR, "monitor");
        grants = new Grants(server.realmUrl(ENFORCE));
        endpoint = new TokenEndpoint(server.realmUrl(ENFORCE));
    }

    @Test
    void clientCredentialsOfADevServiceAccountGetNoProdScopeOrAudience() throws Exception {
        grants.clientCredentials(OidcClient.secret("svc-dev", SECRET)).requireSuccess();

        TokenEndpoint.Answer scoped = clientCredentials("svc-dev", "prod:read");
        assertRefused(scoped, 400, "invalid_scope", "service-account-svc-dev: dev identity may not reach scope prod:read (prod) (grant client_credentials)");

        // the audience comes from a mapper, not from the request: read from the token Keycloak built
        Grants.Result audience = grants.clientCredentials(OidcClient.secret("svc-dev-aud", SECRET));
        assertThat(audience.refused()).as(audience.describe()).isTrue();
        assertThat(audience.error().getCode()).isEqualTo("invalid_client");
        assertThat(audience.error().getDescription()).contains("dev identity may not reach audience billing-api (prod)");

        server.waitFor(Duration.ofSeconds(30), () -> decisions(ENFORCE, "service-account-svc-dev").stream()
                .anyMatch(d -> d.path("decision").path("result").asText().equals("deny")
                        && d.path("decision").path("reason").asText().contains("scope prod:read (prod)")),
                "deny decision for svc-dev in the audit file");
    }

    @Test
    void allowFromIsTheDocumentedException() throws Exception {
        TokenEndpoint.Answer staging = clientCredentials("svc-stg", "prod:read");
        assertThat(staging.ok()).as(staging.describe()).isTrue();
        assertThat(staging.claims().getStringClaim("scope")).contains("prod:read");
        // the exception names staging only: dev stays out
        assertRefused(clientCredentials("svc-dev", "prod:read"), 400, "invalid_scope", "dev identity may not reach scope prod:read");
    }

    @Test
    void passwordAndBrowserLoginsOfADevUserIntoAProdClientAreRefused() throws Exception {
        assertAccessDenied(grants.password("prod-app", "dan", Realms.PASSWORD), "dan: dev identity may not reach client prod-app (prod) (grant password)");
        grants.password("prod-app", "pat", Realms.PASSWORD).requireSuccess();
        grants.password("app", "dan", Realms.PASSWORD).requireSuccess();
        Grants.Result scope = grants.password("app", "dan", Realms.PASSWORD, "openid prod:read", Map.of());
        assertThat(scope.refused()).as(scope.describe()).isTrue();
        assertThat(scope.error().getCode()).isEqualTo("invalid_scope");

        String code = BrowserLogin.code(server.realmUrl(ENFORCE), "prod-app", REDIRECT, "dan", Realms.PASSWORD);
        assertAccessDenied(grants.authorizationCode("prod-app", code, REDIRECT), "(grant authorization_code)");
        String patCode = BrowserLogin.code(server.realmUrl(ENFORCE), "prod-app", REDIRECT, "pat", Realms.PASSWORD);
        grants.authorizationCode("prod-app", patCode, REDIRECT).requireSuccess();

        // the implicit flow hands out its token at the authorization endpoint: refused there (Keycloak redirects the
        // refusal with the error code as error_description)
        FlowBindings.enableImplicitFlow(enforce, "prod-app");
        Map<String, String> implicit = Map.of("response_type", "token", "scope", "openid");
        String location = BrowserLogin.redirect(server.realmUrl(ENFORCE), "prod-app", REDIRECT, "dan", Realms.PASSWORD, implicit);
        assertThat(BrowserLogin.parameters(location)).as(location).doesNotContainKey("access_token")
                .containsEntry("error_description", "access_denied");
        assertThat(BrowserLogin.parameters(BrowserLogin.redirect(server.realmUrl(ENFORCE), "prod-app", REDIRECT, "pat", Realms.PASSWORD,
                implicit))).as("a prod user's implicit login").containsKey("access_token");
    }

    @Test
    void strictRealmKeepsUntaggedPrincipalsOutOfTaggedTargets() throws Exception {
        grants.password("prod-app", "olivia", Realms.PASSWORD).requireSuccess(); // untagged: not segmented
        setStrict("true");
        try {
            assertAccessDenied(grants.password("prod-app", "olivia", Realms.PASSWORD),
                    "olivia: a principal without identity_environment may not reach client prod-app (prod) (realm is strict)");
            grants.password("app", "olivia", Realms.PASSWORD).requireSuccess(); // untagged client: still fine
            grants.password("prod-app", "pat", Realms.PASSWORD).requireSuccess();
        } finally {
            setStrict("false");
        }
        grants.password("prod-app", "olivia", Realms.PASSWORD).requireSuccess();
    }

    private void setStrict(String value) {
        RealmRepresentation realm = enforce.toRepresentation();
        realm.getAttributes().put("idgov.environment.strict", value);
        enforce.update(realm);
    }

    @Test
    void aRefreshTokenFromBeforeTheClientWasTaggedStopsWorking() throws Exception {
        Grants.Result before = grants.password("app-later", "dan", Realms.PASSWORD).requireSuccess();
        grants.refresh("app-later", before.refreshToken()).requireSuccess();

        ClientRepresentation later = DelegationRealm.client(enforce, "app-later").toRepresentation();
        later.getAttributes().put("idgov.environment", "prod");
        DelegationRealm.client(enforce, "app-later").update(later);

        assertAccessDenied(grants.refresh("app-later", before.refreshToken()), "client app-later (prod) (grant refresh_token)");
    }

    @Test
    void standardExchangeToAProdAudienceIsRefused() throws Exception {
        Grants.Result dan = grants.password("app-svc", "dan", Realms.PASSWORD).requireSuccess();
        TokenEndpoint.Answer exchange = endpoint.exchange(OidcClient.secret("svc-dev", SECRET), Map.of(
                "subject_token", dan.accessToken().getValue(), "subject_token_type", ACCESS_TOKEN, "audience", "billing-api"));
        assertRefused(exchange, 400, "invalid_target", "dev identity may not reach audience billing-api (prod) (grant token_exchange)");
        TokenEndpoint.Answer scoped = endpoint.exchange(OidcClient.secret("svc-dev", SECRET), Map.of(
                "subject_token", dan.accessToken().getValue(), "subject_token_type", ACCESS_TOKEN, "scope", "prod:read"));
        assertRefused(scoped, 400, "invalid_scope", "scope prod:read (prod)");
        // a prod user cannot even get a token audienced to the dev service (the audience comes from app-svc's mapper)
        assertAccessDenied(grants.password("app-svc", "pat", Realms.PASSWORD), "pat: prod identity may not reach audience svc-dev (dev) (grant password)");
        // same environment: allowed
        TokenEndpoint.Answer ok = endpoint.exchange(OidcClient.secret("svc-dev", SECRET), Map.of(
                "subject_token", dan.accessToken().getValue(), "subject_token_type", ACCESS_TOKEN));
        assertThat(ok.ok()).as(ok.describe()).isTrue();
    }

    @Test
    void delegatedExchangeOfADevAgentToAProdAudienceOrScopeIsRefused() throws Exception {
        TokenEndpoint.Answer user = userToken("app", "dan", "orders:read delegate:agent");
        TokenEndpoint.Answer ok = endpoint.exchange(agent(), Map.of("subject_token", user.accessToken(),
                "subject_token_type", ACCESS_TOKEN, "scope", "orders:read", "audience", "orders-api"));
        assertThat(ok.ok()).as(ok.describe()).isTrue();

        TokenEndpoint.Answer prodAudience = endpoint.exchange(agent(), Map.of("subject_token", user.accessToken(),
                "subject_token_type", ACCESS_TOKEN, "scope", "orders:read", "audience", "billing-api"));
        assertRefused(prodAudience, 400, "invalid_target", "service-account-agent: dev identity may not reach audience billing-api (prod)");

        TokenEndpoint.Answer prodScope = endpoint.exchange(agent(), Map.of("subject_token", user.accessToken(),
                "subject_token_type", ACCESS_TOKEN, "scope", "orders:read prod:read"));
        assertRefused(prodScope, 400, "invalid_scope", "dev identity may not reach scope prod:read (prod)");
    }

    @Test
    void deviceLoginOfADevUserIntoAProdClientIsRefused() throws Exception {
        Chromium.assumeInstalled();
        try (CallbackServer callback = CallbackServer.start(); Chromium browser = Chromium.start()) {
            DeviceAuthorizationSuccessResponse device = grants.deviceAuthorization("prod-tv", "openid");
            browser.driver().get(device.getVerificationURIComplete().toString());
            if (browser.waitForPage(callback.redirectUri()) == Chromium.Page.USERNAME_PASSWORD) {
                browser.submitPassword("dan", Realms.PASSWORD);
            }
            server.waitFor(Duration.ofSeconds(30), () -> browser.hasButton("accept") || browser.text().contains("Device Login Successful"),
                    "the device consent page");
            if (browser.hasButton("accept")) {
                browser.click("accept");
            }
            server.waitFor(Duration.ofSeconds(30), () -> browser.text().contains("Device Login Successful"), "the device login");
            assertAccessDenied(grants.deviceCode("prod-tv", device.getDeviceCode()), "client prod-tv (prod) (grant device_code)");
        }
    }

    @Test
    void monitorModeIssuesTheTokenAndRecordsAWouldDeny() throws Exception {
        TokenEndpoint monitor = new TokenEndpoint(server.realmUrl(MONITOR));
        TokenEndpoint.Answer answer = monitor.post(OidcClient.secret("svc-dev", SECRET),
                Map.of("grant_type", List.of("client_credentials"), "scope", List.of("prod:read")));
        assertThat(answer.ok()).as(answer.describe()).isTrue();
        assertThat(answer.claims().getStringClaim("scope")).contains("prod:read");
        server.waitFor(Duration.ofSeconds(30), () -> decisions(MONITOR, "service-account-svc-dev").stream()
                .anyMatch(d -> d.path("decision").path("result").asText().equals("would-deny")
                        && d.path("decision").path("policy").asText().equals("environment-segmentation")
                        && d.path("principal").path("owner").asText().equals("olivia")),
                "would-deny decision for svc-dev in the monitor realm");
    }

    @Test
    void aBadEnvironmentValueIsRefusedWhenSavedNamingTheAttribute() {
        ClientScopeRepresentation scope = new ClientScopeRepresentation();
        scope.setName("typo:scope");
        scope.setProtocol("openid-connect");
        scope.setAttributes(new HashMap<>(Map.of("idgov.environment", "production")));
        try (var response = enforce.clientScopes().create(scope)) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("client scope 'typo:scope': idgov.environment: \\\"production\\\" is not one of: prod, staging, dev");
        }
        assertThat(enforce.clientScopes().findAll()).noneMatch(s -> "typo:scope".equals(s.getName()));

        ClientRepresentation client = DelegationRealm.client(enforce, "svc-stg").toRepresentation();
        client.getAttributes().put("idgov.environment.allow-from", "dev,qa");
        assertThatThrownBy(() -> DelegationRealm.client(enforce, "svc-stg").update(client))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(AdminErrors.message(e))
                        .isEqualTo("client 'svc-stg': idgov.environment.allow-from: \"qa\" is not one of: prod, staging, dev (comma-separated)"));
        assertThat(DelegationRealm.client(enforce, "svc-stg").toRepresentation().getAttributes()).doesNotContainKey("idgov.environment.allow-from");

        RealmRepresentation realm = enforce.toRepresentation();
        realm.getAttributes().put("idgov.environment.strict", "yes");
        assertThatThrownBy(() -> enforce.update(realm)).isInstanceOfSatisfying(BadRequestException.class,
                e -> assertThat(AdminErrors.message(e)).isEqualTo("idgov.environment.strict: \"yes\" is not one of: true, false"));
    }

    // ---- helpers

    private TokenEndpoint.Answer clientCredentials(String clientId, String scope) throws Exception {
        return endpoint.post(OidcClient.secret(clientId, SECRET), Map.of("grant_type", List.of("client_credentials"), "scope", List.of(scope)));
    }

    private TokenEndpoint.Answer userToken(String clientId, String username, String scope) throws Exception {
        TokenEndpoint.Answer answer = endpoint.post(null, Map.of("grant_type", List.of("password"), "client_id", List.of(clientId),
                "username", List.of(username), "password", List.of(Realms.PASSWORD), "scope", List.of(scope)));
        assertThat(answer.ok()).as(answer.describe()).isTrue();
        return answer;
    }

    private static ClientAuthentication agent() {
        return OidcClient.secret("agent", SECRET);
    }

    private static void assertRefused(TokenEndpoint.Answer answer, int status, String error, String description) {
        assertThat(answer.status()).as(answer.describe()).isEqualTo(status);
        assertThat(answer.error()).as(answer.describe()).isEqualTo(error);
        assertThat(answer.description()).contains(description);
    }

    private static void assertAccessDenied(Grants.Result result, String description) {
        assertThat(result.refused()).as(result.describe()).isTrue();
        assertThat(result.error().getCode()).as(result.describe()).isEqualTo("access_denied");
        assertThat(result.error().getDescription()).contains(description);
    }

    private List<JsonNode> decisions(String realm, String principal) {
        List<JsonNode> found = new ArrayList<>();
        try {
            if (!Files.exists(audit.file())) {
                return found;
            }
            for (String line : Files.readAllLines(audit.file())) {
                JsonNode record = JSON.readTree(line);
                if (realm.equals(record.path("realm").asText()) && "DECISION".equals(record.path("type").asText())
                        && principal.equals(record.path("principal").path("username").asText())) {
                    found.add(record);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private RealmResource create(String name, String mode) {
        RealmRepresentation realm = DelegationRealm.representation(name, mode);
        realm.setEventsEnabled(true);
        realm.getUsers().add(Realms.principal("dan", Map.of("identity_environment", "dev")));
        realm.getUsers().add(Realms.principal("pat", Map.of("identity_environment", "prod")));
        ClientRepresentation prodApp = Realms.publicApp("prod-app");
        prodApp.setRedirectUris(List.of(REDIRECT.toString(), "http://127.0.0.1/*"));
        prodApp.setAttributes(new HashMap<>(Map.of("idgov.environment", "prod")));
        realm.getClients().add(prodApp);
        ClientRepresentation tv = Realms.publicApp("prod-tv");
        tv.setStandardFlowEnabled(false);
        tv.setAttributes(new HashMap<>(Map.of("idgov.environment", "prod", "oauth2.device.authorization.grant.enabled", "true")));
        realm.getClients().add(tv);
        ClientRepresentation later = Realms.publicApp("app-later");
        later.setAttributes(new HashMap<>());
        realm.getClients().add(later);
        ClientRepresentation appSvc = Realms.publicApp("app-svc"); // tokens audienced to svc-dev, for its standard exchange
        appSvc.setProtocolMappers(new ArrayList<>(List.of(audience("svc-dev"))));
        realm.getClients().add(appSvc);
        for (String svc : List.of("svc-dev", "svc-dev-aud", "svc-stg")) {
            ClientRepresentation client = Realms.serviceClient(svc, SECRET);
            Map<String, String> clientAttributes = new HashMap<>(Map.of("standard.token.exchange.enabled", "true"));
            if (!svc.equals("svc-dev-aud")) {
                clientAttributes.put("idgov.environment", svc.equals("svc-stg") ? "staging" : "dev");
            }
            client.setAttributes(clientAttributes);
            if (svc.equals("svc-dev-aud")) {
                client.setProtocolMappers(new ArrayList<>(List.of(audience("billing-api"))));
            }
            realm.getClients().add(client);
            Map<String, String> attributes = new LinkedHashMap<>(Realms.machine("service-account"));
            attributes.put("identity_environment", svc.equals("svc-stg") ? "staging" : "dev");
            realm.getUsers().add(Realms.serviceAccountUser(svc, attributes));
        }
        realm.getClients().stream().filter(c -> c.getClientId().equals("billing-api"))
                .forEach(c -> c.setAttributes(new HashMap<>(Map.of("idgov.environment", "prod"))));
        realm.getUsers().stream().filter(u -> "service-account-agent".equals(u.getUsername()))
                .forEach(u -> u.getAttributes().put("identity_environment", new ArrayList<>(List.of("dev"))));
        RealmResource resource = Realms.create(server, realm);
        DelegationRealm.configure(resource);
        ClientScopeRepresentation prodRead = new ClientScopeRepresentation();
        prodRead.setName("prod:read");
        prodRead.setProtocol("openid-connect");
        prodRead.setAttributes(new HashMap<>(Map.of("include.in.token.scope", "true", "idgov.autonomy-tier", "observe",
                "idgov.environment", "prod", "idgov.environment.allow-from", "staging")));
        String prodReadId = Realms.createdId(resource.clientScopes().create(prodRead));
        for (String client : List.of("svc-dev", "svc-stg", "app", "agent")) {
            DelegationRealm.client(resource, client).addOptionalClientScope(prodReadId);
        }
        return resource;
    }

    private static ProtocolMapperRepresentation audience(String clientId) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("audience " + clientId);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-audience-mapper");
        mapper.setConfig(new HashMap<>(Map.of("included.client.audience", clientId, "access.token.claim", "true",
                "introspection.token.claim", "true")));
        return mapper;
    }
}

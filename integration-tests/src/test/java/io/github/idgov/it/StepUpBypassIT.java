package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.CallbackServer;
import io.github.idgov.it.support.Chromium;
import io.github.idgov.it.support.Chromium.Page;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.StepUpRealm;
import io.github.idgov.it.support.TokenEndpoint;
import io.github.idgov.it.support.Totp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The two ways around step-up that need more than one realm's login page (issue 5, "no way around it"): CIBA, where
 * no browser flow runs in the governed realm, and a login through an identity provider (a second realm of the same
 * server acting as the OIDC provider), where the governed realm's forms are skipped. Neither may yield the sensitive
 * scope without a step-up in the governed realm's session.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepUpBypassIT {

    private static final String REALM = "stepup-bypass";
    private static final String UPSTREAM = "stepup-upstream";
    private static final String IDP = "upstream";
    private static final String APPROVE = "payments:approve";
    private static final String SECRET = "stepup-bypass-secret-1";
    private static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    private static final String REFUSAL = "step-up required";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private KeycloakServer server;
    private CallbackServer callback;
    private URI redirect;
    private Grants grants;

    @BeforeAll
    void createRealms(KeycloakServer server) throws Exception {
        this.server = server;
        callback = CallbackServer.start();
        redirect = callback.redirectUri();
        StepUpRealm.create(server, REALM, "enforce", redirect, List.of("peter", "gina"), List.of(), Map.of(APPROVE, 300), StepUpBypassIT::withCiba);
        grants = new Grants(server.realmUrl(REALM));
        createUpstream();
    }

    @AfterAll
    void stopCallback() {
        if (callback != null) {
            callback.close();
        }
    }

    /** Keycloak's CIBA (poll, login_hint) on for a plain confidential client and for an ai-agent allowed to act. */
    private static void withCiba(RealmRepresentation realm) {
        Map<String, String> attributes = new HashMap<>(realm.getAttributes());
        attributes.put("cibaBackchannelTokenDeliveryMode", "poll");
        attributes.put("cibaAuthRequestedUserHint", "login_hint");
        attributes.put("cibaExpiresIn", "120");
        attributes.put("cibaInterval", "1"); // 0 makes Keycloak 26.7 answer every poll with a 500
        realm.setAttributes(attributes);
        ClientRepresentation plain = Realms.serviceClient("ciba-app", SECRET);
        plain.setServiceAccountsEnabled(false);
        ClientRepresentation agent = Realms.serviceClient("ciba-agent", SECRET);
        for (ClientRepresentation client : List.of(plain, agent)) {
            client.setAttributes(new HashMap<>(Map.of("oidc.ciba.grant.enabled", "true")));
            realm.getClients().add(client);
        }
        Map<String, String> actingAgent = new HashMap<>(Realms.machine("ai-agent"));
        actingAgent.put("identity_autonomy", "act");
        realm.getUsers().add(Realms.serviceAccountUser("ciba-agent", actingAgent));
    }

    @Test
    void cibaByAClientThatIsNoAgentIsRefusedBeforeAnyoneIsAsked() throws Exception {
        HttpResponse<String> answer = ciba("ciba-app", "peter", "openid " + APPROVE, "STEP-UP-1");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        Map<String, Object> body = JSONObjectUtils.parse(answer.body());
        assertThat(body).doesNotContainKey("auth_req_id").containsEntry("error", "unauthorized_client");
        assertThat((String) body.get("error_description")).contains("ciba-app is not an ai-agent");
    }

    @Test
    void anAgentsCibaTokenGetsNoSensitiveScopeEvenAfterThePersonApprovedWithAFreshSecondFactor() throws Exception {
        String message = "STEP-UP-2";
        HttpResponse<String> started = ciba("ciba-agent", "peter", "openid " + APPROVE, message);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String authReqId = (String) JSONObjectUtils.parse(started.body()).get("auth_req_id");
        assertThat(poll(authReqId).error()).isEqualTo("authorization_pending");

        try (Chromium browser = Chromium.start()) {
            String approver = approverToken(browser, "peter");
            HttpResponse<String> approved = approve(approver, pendingApproval(approver, message));
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        }
        // the approval page's step-up is the approval client's; the CIBA session itself never reached a level
        TokenEndpoint.Answer token = poll(authReqId);
        assertThat(token.ok()).as(token.describe()).isFalse();
        assertThat(token.error()).isEqualTo("access_denied");
        assertThat(token.description()).contains(REFUSAL).contains("grant ciba");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + REALM
                + " principal=peter policy=step-up reason=\"step-up required: level 2 within 300 s (" + APPROVE), "the step-up denial");
    }

    @Test
    void aLoginThroughAnIdentityProviderGetsNoSensitiveScopeFirstLoginOrLater() throws Exception {
        String realmUrl = server.realmUrl(REALM);
        try (Chromium browser = Chromium.start()) {
            // first broker login: the account is created from the provider's claims, no form of this realm runs
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE, "kc_idp_hint", IDP));
            assertThat(browser.waitForPage(redirect)).as("the provider's login page").isEqualTo(Page.USERNAME_PASSWORD);
            assertThat(browser.driver().getCurrentUrl()).startsWith(server.realmUrl(UPSTREAM));
            browser.submitPassword("ivy", Realms.PASSWORD);
            assertRefused(redeem(browser), "grant authorization_code");
            assertThat(server.adminClient().realm(REALM).users().searchByUsername("ivy", true)).as("first broker login created ivy").hasSize(1);

            // the same brokered session without the sensitive scope works: the refusal is the scope's
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid"));
            assertThat(redeem(browser).refused()).isFalse();
        }
        try (Chromium browser = Chromium.start()) {
            // a later login of the linked account through the provider
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE, "kc_idp_hint", IDP));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword("ivy", Realms.PASSWORD);
            assertRefused(redeem(browser), "grant authorization_code");
        }
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + REALM
                + " principal=ivy policy=step-up"), "the step-up denial of the brokered login");
    }

    @Test
    void linkingAnExistingAccountInTheFirstBrokerLoginDoesNotStepUp() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(REALM), "app", redirect, Map.of("scope", "openid " + APPROVE, "kc_idp_hint", IDP));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword("gina", Realms.PASSWORD);
            // Keycloak's first broker login finds gina's account: confirm the link, prove the account (password, OTP)
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.OTHER);
            browser.driver().findElement(org.openqa.selenium.By.id("linkAccount")).click();
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isIn(Page.PASSWORD, Page.USERNAME_PASSWORD);
            browser.submitPassword("gina", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.OTP);
            browser.submitOtp(new Totp(StepUpRealm.otpSecret("gina")).freshCode());
            // the account check is the first broker login's, not the step-up flow's: no level in the session
            assertRefused(redeem(browser), "grant authorization_code");
        }
        assertThat(server.adminClient().realm(REALM).users().get(server.adminClient().realm(REALM).users()
                .searchByUsername("gina", true).get(0).getId()).getFederatedIdentity()).extracting(f -> f.getIdentityProvider())
                .containsExactly(IDP);
    }

    // --- the identity provider: a plain realm of the same server, and the governed realm's OIDC broker to it

    private void createUpstream() {
        RealmRepresentation upstream = new RealmRepresentation();
        upstream.setRealm(UPSTREAM);
        upstream.setEnabled(true);
        // ivy exists only upstream; gina also has an account (with OTP) in the governed realm
        upstream.setUsers(new ArrayList<>(List.of(Realms.human("ivy", true), Realms.human("gina", true))));
        ClientRepresentation broker = Realms.serviceClient("governed-broker", SECRET);
        broker.setServiceAccountsEnabled(false);
        broker.setStandardFlowEnabled(true);
        broker.setRedirectUris(List.of(server.realmUrl(REALM) + "/broker/" + IDP + "/endpoint"));
        upstream.setClients(new ArrayList<>(List.of(broker)));
        Realms.create(server, upstream);

        String oidc = server.realmUrl(UPSTREAM) + "/protocol/openid-connect";
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(IDP);
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        idp.setTrustEmail(true);
        idp.setConfig(new HashMap<>(Map.ofEntries(
                Map.entry("issuer", server.realmUrl(UPSTREAM)),
                Map.entry("authorizationUrl", oidc + "/auth"),
                Map.entry("tokenUrl", oidc + "/token"),
                Map.entry("userInfoUrl", oidc + "/userinfo"),
                Map.entry("jwksUrl", oidc + "/certs"),
                Map.entry("useJwksUrl", "true"),
                Map.entry("validateSignature", "true"),
                Map.entry("clientId", "governed-broker"),
                Map.entry("clientSecret", SECRET),
                Map.entry("clientAuthMethod", "client_secret_post"),
                Map.entry("defaultScope", "openid email profile"),
                Map.entry("syncMode", "IMPORT"))));
        RealmResource realm = server.adminClient().realm(REALM);
        realm.identityProviders().create(idp).close();
        assertThat(realm.identityProviders().findAll()).extracting(IdentityProviderRepresentation::getAlias).contains(IDP);
    }

    // --- CIBA

    private HttpResponse<String> ciba(String clientId, String loginHint, String scope, String bindingMessage) throws Exception {
        String form = "login_hint=" + enc(loginHint) + "&scope=" + enc(scope) + "&binding_message=" + enc(bindingMessage);
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(server.realmUrl(REALM) + "/protocol/openid-connect/ext/ciba/auth"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The agent's poll, asked again after {@code slow_down} (the realm's interval is 1 s). */
    private TokenEndpoint.Answer poll(String authReqId) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of(CIBA_GRANT));
        form.put("auth_req_id", List.of(authReqId));
        TokenEndpoint.Answer[] answer = new TokenEndpoint.Answer[1];
        server.waitFor(Duration.ofSeconds(30), () -> {
            try {
                answer[0] = new TokenEndpoint(server.realmUrl(REALM)).post(OidcClient.secret("ciba-agent", SECRET), form);
            } catch (Exception e) {
                throw new AssertionError("poll failed", e);
            }
            return !"slow_down".equals(answer[0].error());
        }, "a poll answered other than slow_down");
        return answer[0];
    }

    /** A token of the approval page's client: authorization code with PKCE in Chromium, password and a real TOTP code. */
    private String approverToken(Chromium browser, String username) throws Exception {
        URI back = URI.create(server.realmUrl(REALM) + "/idgov-approval/test-callback");
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(("verifier-" + System.nanoTime() + "-0123456789abcdefghijklmnop")
                .getBytes(StandardCharsets.UTF_8));
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        browser.authorize(server.realmUrl(REALM), "idgov-approval", back, Map.of("code_challenge", challenge, "code_challenge_method", "S256"));
        assertThat(browser.waitForPage(back)).isEqualTo(Page.USERNAME_PASSWORD);
        browser.submitPassword(username, Realms.PASSWORD);
        assertThat(browser.waitForPage(back)).as("the approval client asks the second factor").isEqualTo(Page.OTP);
        browser.submitOtp(new Totp(StepUpRealm.otpSecret(username)).freshCode());
        assertThat(browser.waitForPage(back)).as(browser.text()).isEqualTo(Page.REDIRECTED);
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("authorization_code"));
        form.put("client_id", List.of("idgov-approval"));
        form.put("code", List.of(browser.redirectParameters().get("code")));
        form.put("redirect_uri", List.of(back.toString()));
        form.put("code_verifier", List.of(verifier));
        TokenEndpoint.Answer answer = new TokenEndpoint(server.realmUrl(REALM)).post(null, form);
        assertThat(answer.ok()).as(answer.describe()).isTrue();
        assertThat(answer.claims().getStringClaim("acr")).as("a fresh second factor").isEqualTo("2");
        return answer.accessToken();
    }

    @SuppressWarnings("unchecked")
    private String pendingApproval(String token, String message) throws Exception {
        HttpResponse<String> answer = http.send(approvalApi(token, "api/approvals").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<Object> items = (List<Object>) JSONObjectUtils.parse(answer.body()).get("approvals");
        return items.stream().map(item -> (Map<String, Object>) item).filter(item -> message.equals(item.get("binding_message")))
                .map(item -> (String) item.get("id")).findFirst().orElseThrow(() -> new AssertionError("no pending approval " + message));
    }

    private HttpResponse<String> approve(String token, String id) throws Exception {
        return http.send(approvalApi(token, "api/approvals/" + enc(id)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("decision=approve")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder approvalApi(String token, String path) {
        return HttpRequest.newBuilder(URI.create(server.realmUrl(REALM) + "/idgov-approval/" + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    // --- helpers

    private Grants.Result redeem(Chromium browser) throws Exception {
        assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.REDIRECTED);
        String code = browser.redirectParameters().get("code");
        assertThat(code).as(browser.redirectParameters().toString()).isNotNull();
        return grants.authorizationCode("app", code, redirect);
    }

    private static void assertRefused(Grants.Result result, String grant) throws Exception {
        assertThat(result.refused()).as(result.describe()).isTrue();
        assertThat(result.error().getCode()).isEqualTo("access_denied");
        assertThat(result.error().getDescription()).contains(REFUSAL).contains(grant);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

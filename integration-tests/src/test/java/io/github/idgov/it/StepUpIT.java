package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AdminErrors;
import io.github.idgov.it.support.CallbackServer;
import io.github.idgov.it.support.Chromium;
import io.github.idgov.it.support.Chromium.Page;
import io.github.idgov.it.support.FlowBindings;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.BrowserLogin;
import io.github.idgov.it.support.StepUpRealm;
import io.github.idgov.it.support.Totp;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;

/**
 * Step-up MFA for sensitive client scopes, in a real headless Chromium with real TOTP codes: the second factor is
 * asked when a sensitive scope is requested, not again inside its max age, again after it; tokens carry acr 2,
 * auth_time and amr. Then every way around it that the issue lists, each failing to get the sensitive scope.
 * {@code payments:approve}: level 2 within 300 s; {@code payments:release}: level 2 within 6 s.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepUpIT {

    private static final String ENFORCE = "stepup-enforce";
    private static final String MONITOR = "stepup-monitor";
    private static final String APPROVE = "payments:approve";
    private static final String RELEASE = "payments:release";
    private static final int RELEASE_MAX_AGE = 6;
    private static final String REFUSAL = "step-up required";

    private KeycloakServer server;
    private CallbackServer callback;
    private URI redirect;
    private Grants grants;
    /** One generator per user for the whole class: Keycloak takes each code once. */
    private final Map<String, Totp> totp = new ConcurrentHashMap<>();

    @BeforeAll
    void createRealms(KeycloakServer server) throws Exception {
        this.server = server;
        callback = CallbackServer.start();
        redirect = callback.redirectUri();
        List<String> withOtp = List.of("olivia-otp", "peter", "rita", "sam", "tess", "victor", "wendy");
        // people without a second factor: the direct grant takes their password alone, Keycloak's stock browser flow too
        List<String> passwordOnly = List.of("ursula", "quinn");
        StepUpRealm.create(server, ENFORCE, "enforce", redirect, withOtp, passwordOnly, Map.of(APPROVE, 300, RELEASE, RELEASE_MAX_AGE));
        StepUpRealm.create(server, MONITOR, "monitor", redirect, withOtp, passwordOnly, Map.of(APPROVE, 300));
        grants = new Grants(server.realmUrl(ENFORCE));
    }

    @AfterAll
    void stopCallback() {
        if (callback != null) {
            callback.close();
        }
    }

    @Test
    void sensitiveScopeAsksForOtpOnceInsideItsWindowAndTokensCarryAcrAuthTimeAmr() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of("scope", "openid " + APPROVE));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword("peter", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as("second factor asked").isEqualTo(Page.OTP);
            browser.submitOtp(code("peter"));
            JWTClaimsSet first = claims(redeem(browser, "app"));
            assertThat(first.getStringClaim("acr")).isEqualTo("2");
            assertThat(first.getStringClaim("scope")).contains(APPROVE);
            assertThat(first.getClaim("auth_time")).isNotNull();
            assertThat(first.getStringListClaim("amr")).contains("pwd", "otp");

            // inside the 300 s window: straight back to the client, still level 2
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of("scope", "openid " + APPROVE));
            assertThat(browser.waitForPage(redirect)).as("no second prompt inside the window").isEqualTo(Page.REDIRECTED);
            JWTClaimsSet second = claims(redeem(browser, "app"));
            assertThat(second.getStringClaim("acr")).isEqualTo("2");
            assertThat(second.getStringClaim("scope")).contains(APPROVE);
        }
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=step-up realm=" + ENFORCE
                + " principal=peter policy=step-up reason=\"second factor asked: level 2 within 300 s"), "step-up decision");
    }

    @Test
    void aLoginWithoutSensitiveScopeAsksOnlyForThePassword() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of());
            browser.waitForPage(redirect);
            browser.submitPassword("peter", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.REDIRECTED);
            JWTClaimsSet token = claims(redeem(browser, "app"));
            assertThat(token.getStringClaim("acr")).isEqualTo("1");
            assertThat(token.getStringClaim("scope")).doesNotContain(APPROVE);
        }
    }

    @Test
    void afterTheMaxAgeTheSecondFactorIsAskedAgainAndRefreshIsRefused() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of("scope", "openid " + RELEASE));
            browser.waitForPage(redirect);
            browser.submitPassword("rita", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.OTP);
            browser.submitOtp(code("rita"));
            Instant steppedUp = Instant.now();
            Grants.Result tokens = redeemResult(browser, "app");
            assertThat(claims(tokens).getStringClaim("acr")).isEqualTo("2");
            grants.refresh("app", tokens.refreshToken()).requireSuccess(); // inside the window

            Instant windowOver = steppedUp.plusSeconds(RELEASE_MAX_AGE + 1);
            server.waitFor(Duration.ofSeconds(30), () -> Instant.now().isAfter(windowOver), "the 6 s window to pass");

            Grants.Result refresh = grants.refresh("app", tokens.refreshToken());
            assertRefused(refresh, "grant refresh_token");

            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of("scope", "openid " + RELEASE));
            assertThat(browser.waitForPage(redirect)).as("second factor asked again, password not").isEqualTo(Page.OTP);
            browser.submitOtp(code("rita"));
            JWTClaimsSet again = claims(redeem(browser, "app"));
            assertThat(again.getStringClaim("acr")).isEqualTo("2");
            assertThat(again.getStringClaim("scope")).contains(RELEASE);
        }
    }

    @Test
    void passwordGrantGetsNoSensitiveScopeEvenWithForgedAcrParametersOrAnOtpCode() throws Exception {
        assertRefused(grants.password("app", "quinn", Realms.PASSWORD, "openid " + APPROVE, Map.of()), "grant password");
        assertRefused(grants.password("app", "quinn", Realms.PASSWORD, "openid " + APPROVE, Map.of("acr_values", "2",
                "claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"2\"]}},"
                        + "\"access_token\":{\"acr\":{\"essential\":true,\"values\":[\"2\"]}}}")), "grant password");
        // Keycloak's direct grant takes an OTP code as a parameter; a sensitive scope still needs the browser step-up
        assertRefused(grants.password("app", "sam", Realms.PASSWORD, "openid " + APPROVE, Map.of("otp", code("sam"))), "grant password");
        // the same user without the sensitive scope is fine
        grants.password("app", "quinn", Realms.PASSWORD, "openid", Map.of()).requireSuccess();
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=quinn policy=step-up"), "deny decision");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=sam policy=step-up"), "deny decision for the password-and-OTP grant");
    }

    @Test
    void standardTokenExchangeOfALowAcrTokenGetsNoSensitiveScope() throws Exception {
        Grants.Result low = grants.password("app", "quinn", Realms.PASSWORD, "openid", Map.of()).requireSuccess();
        var exchanger = OidcClient.secret("exchanger", StepUpRealm.EXCHANGER_SECRET);
        assertRefused(grants.exchange(exchanger, low.accessToken(), APPROVE), "grant token_exchange");
        grants.exchange(exchanger, low.accessToken()).requireSuccess(); // without the sensitive scope it works
    }

    @Test
    void promptNoneOnAnSsoSessionWithoutStepUpGetsNoSensitiveScope() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of());
            browser.waitForPage(redirect);
            browser.submitPassword("tess", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.REDIRECTED);

            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of("scope", "openid " + APPROVE, "prompt", "none"));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.REDIRECTED);
            Map<String, String> answer = browser.redirectParameters();
            assertThat(answer).doesNotContainKey("code");
            assertThat(answer.get("error")).isIn("interaction_required", "login_required");
        }
    }

    @Test
    void aSecondClientInTheSameSsoSessionMustStepUpAndOneRoutedAroundTheFlowGetsNothing() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of());
            browser.waitForPage(redirect);
            browser.submitPassword("victor", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.REDIRECTED);

            browser.authorize(server.realmUrl(ENFORCE), "app2", redirect, Map.of("scope", "openid " + APPROVE));
            assertThat(browser.waitForPage(redirect)).as("second client asks the second factor").isEqualTo(Page.OTP);

            // Keycloak's stock flow takes the SSO cookie and issues a code; the token endpoint refuses the scope
            browser.authorize(server.realmUrl(ENFORCE), "app-stock-flow", redirect, Map.of("scope", "openid " + APPROVE));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.REDIRECTED);
            String code = browser.redirectParameters().get("code");
            assertThat(code).isNotNull();
            assertRefused(grants.authorizationCode("app-stock-flow", code, redirect), "grant authorization_code");
        }
    }

    /** The implicit flow's token never reaches the token endpoint: the scope is judged at the authorization endpoint. */
    @Test
    void anImplicitLoginRoutedAroundTheFlowGetsNoSensitiveScope() throws Exception {
        FlowBindings.enableImplicitFlow(server.adminClient().realm(ENFORCE), "app-stock-flow");

        String location = BrowserLogin.redirect(server.realmUrl(ENFORCE), "app-stock-flow", redirect, "ursula", Realms.PASSWORD,
                Map.of("response_type", "token", "scope", "openid " + APPROVE));
        // Keycloak redirects the refusal with the error code as error_description
        assertThat(BrowserLogin.parameters(location)).as(location).doesNotContainKey("access_token")
                .containsEntry("error_description", "access_denied");
        Map<String, String> plain = BrowserLogin.parameters(BrowserLogin.redirect(server.realmUrl(ENFORCE), "app-stock-flow", redirect,
                "quinn", Realms.PASSWORD, Map.of("response_type", "token", "scope", "openid")));
        assertThat(plain).as("no sensitive scope asked: a token").containsKey("access_token");
    }

    @Test
    void forgedAcrInTheAuthorizationRequestDoesNotSkipTheSecondFactor() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of("scope", "openid " + APPROVE, "acr_values", "1",
                    "claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"1\"]}}}"));
            browser.waitForPage(redirect);
            browser.submitPassword("wendy", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as("acr 1 asked for, the scope still needs 2").isEqualTo(Page.OTP);
        }
    }

    @Test
    void maxAgeZeroAsksForPasswordAndSecondFactorAgain() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of("scope", "openid " + APPROVE));
            browser.waitForPage(redirect);
            browser.submitPassword("olivia-otp", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.OTP);
            browser.submitOtp(code("olivia-otp"));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.REDIRECTED);
            // auth_time has whole seconds: max_age=0 asks again once the login's second is over
            long loggedInSecond = Instant.now().getEpochSecond();
            server.waitFor(Duration.ofSeconds(5), () -> Instant.now().getEpochSecond() > loggedInSecond, "the next second");

            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of("scope", "openid " + APPROVE, "max_age", "0"));
            assertThat(browser.waitForPage(redirect)).isIn(Page.PASSWORD, Page.USERNAME_PASSWORD);
            browser.submitPassword("olivia-otp", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as("second factor asked again").isEqualTo(Page.OTP);
        }
    }

    @Test
    void deviceGrantGetsNoSensitiveScopeWithoutStepUp() throws Exception {
        DeviceAuthorizationSuccessResponse device = grants.deviceAuthorization("tv", "openid " + APPROVE);
        try (Chromium browser = Chromium.start()) {
            browser.driver().get(device.getVerificationURIComplete().toString());
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword("quinn", Realms.PASSWORD);
            server.waitFor(Duration.ofSeconds(30), () -> browser.hasButton("accept"), "the device consent page");
            browser.click("accept");
            server.waitFor(Duration.ofSeconds(30), () -> browser.text().contains("Device Login Successful"), "device login");
        }
        assertRefused(grants.deviceCode("tv", device.getDeviceCode()), "grant device_code");
    }

    @Test
    void aUserWithoutASecondFactorEnrolsOtpOnTheFirstSensitiveLogin() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of("scope", "openid " + APPROVE));
            browser.waitForPage(redirect);
            browser.submitPassword("ursula", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.CONFIGURE_OTP);
            Totp enrolled = Totp.ofBase32(browser.totpSecretFromEnrolmentPage());
            browser.submitOtpEnrolment(enrolled.freshCode());
            JWTClaimsSet token = claims(redeem(browser, "app"));
            assertThat(token.getStringClaim("acr")).isEqualTo("2");
            assertThat(token.getStringClaim("scope")).contains(APPROVE);
        }
    }

    @Test
    void withOtpEnrolmentSwitchedOffTheNextFactorIsEnrolledAndWithNoFactorDenyTheUserIsDenied() throws Exception {
        RealmResource deny = StepUpRealm.create(server, "stepup-deny", "enforce", redirect, List.of(), List.of("yann"), Map.of(APPROVE, 300));
        RequiredActionProviderRepresentation configureOtp = deny.flows().getRequiredAction("CONFIGURE_TOTP");
        configureOtp.setEnabled(false);
        deny.flows().updateRequiredAction("CONFIGURE_TOTP", configureOtp);
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl("stepup-deny"), "app", redirect, Map.of("scope", "openid " + APPROVE));
            browser.waitForPage(redirect);
            browser.submitPassword("yann", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as("OTP cannot be enrolled: WebAuthn, next in the factors, is")
                    .isEqualTo(Page.WEBAUTHN_REGISTER);
        }
        String configId = deny.flows().getExecutions("idgov browser step-up").stream()
                .filter(e -> "idgov-step-up".equals(e.getProviderId())).findFirst().orElseThrow().getAuthenticationConfig();
        AuthenticatorConfigRepresentation config = deny.flows().getAuthenticatorConfig(configId);
        Map<String, String> settings = new java.util.HashMap<>(config.getConfig());
        settings.put("no-factor", "deny");
        config.setConfig(settings);
        deny.flows().updateAuthenticatorConfig(configId, config);
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl("stepup-deny"), "app", redirect, Map.of("scope", "openid " + APPROVE));
            browser.waitForPage(redirect);
            browser.submitPassword("yann", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.ERROR);
            assertThat(browser.driver().getCurrentUrl()).doesNotStartWith(redirect.toString());
        }
        // the password alone never yields the scope either
        assertRefused(new Grants(server.realmUrl("stepup-deny")).password("app", "yann", Realms.PASSWORD, "openid " + APPROVE, Map.of()),
                "grant password");
    }

    @Test
    void aScopeMadeSensitiveOnlyByTheFlowSettingIsGuardedAtTheTokenEndpointToo() throws Exception {
        String realmName = "stepup-flow-setting";
        String scope = "payments:flow-setting";
        RealmResource realm = StepUpRealm.create(server, realmName, "enforce", redirect, List.of("yara"), List.of("zack"), Map.of());
        String scopeId = StepUpRealm.createScope(realm, scope, Map.of()); // no step-up attribute on the scope itself
        String appId = realm.clients().findByClientId("app").get(0).getId();
        realm.clients().get(appId).addOptionalClientScope(scopeId);
        String configId = realm.flows().getExecutions("idgov browser step-up").stream()
                .filter(e -> "idgov-step-up".equals(e.getProviderId())).findFirst().orElseThrow().getAuthenticationConfig();
        AuthenticatorConfigRepresentation config = realm.flows().getAuthenticatorConfig(configId);
        Map<String, String> original = new java.util.HashMap<>(config.getConfig());
        // not sensitive yet: the gate reads (and keeps with the cached realm) the flows' sensitive scopes without it
        Grants direct = new Grants(server.realmUrl(realmName));
        assertThat(claims(direct.password("app", "zack", Realms.PASSWORD, "openid " + scope, Map.of()).requireSuccess())
                .getStringClaim("scope")).contains(scope);
        Map<String, String> settings = new java.util.HashMap<>(original);
        settings.put("sensitive-scopes", scope);
        config.setConfig(settings);
        realm.flows().updateAuthenticatorConfig(configId, config);

        // grants that run no browser flow never meet the step that names the scope: the token gate refuses them, from
        // the very next request after the administrator's change
        assertRefused(direct.password("app", "zack", Realms.PASSWORD, "openid " + scope, Map.of()), "grant password");
        assertRefused(direct.password("app", "yara", Realms.PASSWORD, "openid " + scope, Map.of("otp", code("yara"))), "grant password");
        direct.password("app", "zack", Realms.PASSWORD, "openid", Map.of()).requireSuccess();

        // the browser login asks the second factor and gets the scope
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(realmName), "app", redirect, Map.of("scope", "openid " + scope));
            browser.waitForPage(redirect);
            browser.submitPassword("yara", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as("second factor asked").isEqualTo(Page.OTP);
            browser.submitOtp(code("yara"));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.REDIRECTED);
            JWTClaimsSet token = claims(direct.authorizationCode("app", browser.redirectParameters().get("code"), redirect).requireSuccess());
            assertThat(token.getStringClaim("acr")).isEqualTo("2");
            assertThat(token.getStringClaim("scope")).contains(scope);
        }

        // the administrator takes the scope off the setting: the next password grant gets it again
        config.setConfig(original);
        realm.flows().updateAuthenticatorConfig(configId, config);
        assertThat(claims(direct.password("app", "zack", Realms.PASSWORD, "openid " + scope, Map.of()).requireSuccess())
                .getStringClaim("scope")).contains(scope);
    }

    @Test
    void monitorModeIssuesTheSensitiveScopeAndRecordsWouldDeny() throws Exception {
        Grants monitor = new Grants(server.realmUrl(MONITOR));
        Grants.Result result = monitor.password("app", "quinn", Realms.PASSWORD, "openid " + APPROVE, Map.of()).requireSuccess();
        assertThat(claims(result).getStringClaim("scope")).contains(APPROVE);
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=quinn policy=step-up reason=\"step-up required: level 2 within 300 s"), "would-deny decision");
    }

    @Test
    void badStepUpSettingsAreRefusedNamingTheField() {
        RealmResource realm = server.adminClient().realm(ENFORCE);
        ClientScopeRepresentation scope = new ClientScopeRepresentation();
        scope.setName("payments:bad-window");
        scope.setProtocol("openid-connect");
        scope.setAttributes(Map.of(StepUpRealm.LEVEL_ATTRIBUTE, "2", StepUpRealm.MAX_AGE_ATTRIBUTE, "-5"));
        try (Response response = realm.clientScopes().create(scope)) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.readEntity(String.class)).contains("idgov.step-up.max-age").contains("-5");
        }
        assertThat(realm.clientScopes().findAll()).extracting(ClientScopeRepresentation::getName).doesNotContain("payments:bad-window");

        String configId = realm.flows().getExecutions("idgov browser step-up").stream()
                .filter(e -> "idgov-step-up".equals(e.getProviderId())).findFirst().orElseThrow().getAuthenticationConfig();
        Map<String, String> unknownScope = Map.of("sensitive-scopes", "payments:aprove", "level", "2", "max-age", "300");
        Map<String, String> badLevel = Map.of("level", "0");
        Map<String, String> negativeMaxAge = Map.of("max-age", "-1");
        for (Map<String, String> bad : List.of(unknownScope, badLevel, negativeMaxAge)) {
            AuthenticatorConfigRepresentation config = realm.flows().getAuthenticatorConfig(configId);
            config.setConfig(bad);
            String field = bad.containsKey("sensitive-scopes") ? "sensitive-scopes" : bad.keySet().iterator().next();
            assertThatThrownBy(() -> realm.flows().updateAuthenticatorConfig(configId, config))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(AdminErrors.message(e))
                            .contains("authenticator config 'idgov step-up'").contains(field + ":"));
        }
        // nothing of it was stored
        assertThat(realm.flows().getAuthenticatorConfig(configId).getConfig()).containsEntry("level", "2").containsEntry("max-age", "300")
                .doesNotContainKey("sensitive-scopes");
    }

    @Test
    void switchingOffRestoresKeycloaksBrowserFlowAndSwitchingOnInstallsTheStepUpFlowAgain() {
        RealmResource realm = Realms.create(server, Realms.governed("stepup-switch", "enforce"));
        assertThat(realm.toRepresentation().getBrowserFlow()).isEqualTo("idgov browser step-up");

        setMode(realm, "off");
        assertThat(realm.toRepresentation().getBrowserFlow()).isEqualTo("browser");
        assertThat(realm.flows().getFlows()).extracting(f -> f.getAlias()).doesNotContain("idgov browser step-up", "idgov post-broker step-up");

        setMode(realm, "monitor");
        assertThat(realm.toRepresentation().getBrowserFlow()).isEqualTo("idgov browser step-up");
        assertThat(realm.flows().getFlows()).extracting(f -> f.getAlias()).contains("idgov post-broker step-up");
    }

    private static void setMode(RealmResource realm, String mode) {
        RealmRepresentation rep = realm.toRepresentation();
        Map<String, String> attributes = new java.util.HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
        attributes.put(Realms.MODE_ATTRIBUTE, mode);
        rep.setAttributes(attributes);
        realm.update(rep);
    }

    private String code(String username) throws InterruptedException {
        return totp.computeIfAbsent(username, u -> new Totp(StepUpRealm.otpSecret(u))).freshCode();
    }

    private String redeem(Chromium browser, String clientId) throws Exception {
        return redeemResult(browser, clientId).accessToken().getValue();
    }

    private Grants.Result redeemResult(Chromium browser, String clientId) throws Exception {
        assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.REDIRECTED);
        String code = browser.redirectParameters().get("code");
        assertThat(code).as(browser.redirectParameters().toString()).isNotNull();
        return grants.authorizationCode(clientId, code, redirect).requireSuccess();
    }

    private static JWTClaimsSet claims(String accessToken) throws Exception {
        return SignedJWT.parse(accessToken).getJWTClaimsSet();
    }

    private static JWTClaimsSet claims(Grants.Result result) throws Exception {
        return claims(result.accessToken().getValue());
    }

    private static void assertRefused(Grants.Result result, String grant) {
        assertThat(result.refused()).as(result.describe()).isTrue();
        assertThat(result.error().getCode()).isEqualTo("access_denied");
        assertThat(result.error().getDescription()).contains(REFUSAL).contains(grant);
    }
}

package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AdminErrors;
import io.github.idgov.it.support.CallbackServer;
import io.github.idgov.it.support.Chromium;
import io.github.idgov.it.support.Chromium.Page;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.StepUpRealm;
import jakarta.ws.rs.BadRequestException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.ClientScopeResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The step-up's second factors beyond OTP, in a real headless Chromium whose virtual WebAuthn authenticator answers
 * Keycloak's ceremonies: a security key (WebAuthn) and a passkey (WebAuthn passwordless) enrolled on the first
 * sensitive login, asked on the next one and not again inside the max age, tokens carrying acr 2 and the factor's
 * amr; recovery codes as the fallback when the key is lost; the {@code factors} setting driving the flow and refused
 * when wrong. Keycloak's pages are opened through {@code localhost}: WebAuthn takes no IP address as relying party.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepUpFactorsIT {

    private static final String KEYS = "stepup-keys";
    private static final String PASSKEYS = "stepup-passkeys";
    private static final String APPROVE = "payments:approve";
    private static final String STEP_UP_FLOW = "idgov browser step-up";

    private KeycloakServer server;
    private CallbackServer callback;
    private URI redirect;

    @BeforeAll
    void createRealms(KeycloakServer server) throws Exception {
        this.server = server;
        callback = CallbackServer.start();
        redirect = callback.redirectUri();
        StepUpRealm.create(server, KEYS, "enforce", redirect, List.of(), List.of("wanda", "rachel", "oscar"), Map.of(APPROVE, 300));
        setFactors(KEYS, Map.of("factors", "webauthn##recovery-codes"));
        StepUpRealm.create(server, PASSKEYS, "enforce", redirect, List.of(), List.of("pat"), Map.of(APPROVE, 300));
        setFactors(PASSKEYS, Map.of("factors", "passkey##otp"));
    }

    @AfterAll
    void stopCallback() {
        if (callback != null) {
            callback.close();
        }
    }

    @Test
    void theFactorsSettingDrivesTheFlowsAlternatives() {
        assertThat(factorRequirements(KEYS)).containsExactly(Map.entry("webauthn-authenticator", "ALTERNATIVE"),
                Map.entry("auth-recovery-authn-code-form", "ALTERNATIVE"), Map.entry("auth-otp-form", "DISABLED"),
                Map.entry("webauthn-authenticator-passwordless", "DISABLED"));
        assertThat(factorRequirements(PASSKEYS)).containsExactly(Map.entry("webauthn-authenticator-passwordless", "ALTERNATIVE"),
                Map.entry("auth-otp-form", "ALTERNATIVE"), Map.entry("webauthn-authenticator", "DISABLED"),
                Map.entry("auth-recovery-authn-code-form", "DISABLED"));
    }

    @Test
    void aSecurityKeyIsEnrolledAskedOnTheNextLoginAndNotAgainInsideTheWindow() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.addVirtualAuthenticator();
            String realmUrl = viaLocalhost(KEYS);
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword("wanda", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as("no factor yet: the first configured one is enrolled").isEqualTo(Page.WEBAUTHN_REGISTER);
            browser.registerWebAuthn();
            JWTClaimsSet enrolled = redeem(browser, KEYS);
            assertThat(enrolled.getStringClaim("acr")).isEqualTo("2");
            assertThat(enrolled.getStringClaim("scope")).contains(APPROVE);
            assertThat(credentialTypes(KEYS, "wanda")).contains("webauthn");

            browser.deleteCookies(realmUrl); // a new SSO session, the same key
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE));
            browser.waitForPage(redirect);
            browser.submitPassword("wanda", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as("the security key is asked").isEqualTo(Page.WEBAUTHN);
            browser.authenticateWebAuthn();
            JWTClaimsSet stepped = redeem(browser, KEYS);
            assertThat(stepped.getStringClaim("acr")).isEqualTo("2");
            assertThat(stepped.getStringListClaim("amr")).contains("pwd", "hwk").doesNotContain("otp");

            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE));
            assertThat(browser.waitForPage(redirect)).as("inside the 300 s window: not asked again").isEqualTo(Page.REDIRECTED);
            JWTClaimsSet again = redeem(browser, KEYS);
            assertThat(again.getStringClaim("acr")).isEqualTo("2");
            assertThat(again.getStringClaim("scope")).contains(APPROVE);
        }
    }

    @Test
    void aPasskeyIsEnrolledAndAskedAsTheSecondFactor() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.addVirtualAuthenticator();
            String realmUrl = viaLocalhost(PASSKEYS);
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE));
            browser.waitForPage(redirect);
            browser.submitPassword("pat", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as("passkey first in the factors: enrolled").isEqualTo(Page.WEBAUTHN_REGISTER);
            browser.registerWebAuthn();
            assertThat(redeem(browser, PASSKEYS).getStringClaim("acr")).isEqualTo("2");
            assertThat(credentialTypes(PASSKEYS, "pat")).contains("webauthn-passwordless");

            browser.deleteCookies(realmUrl);
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE));
            browser.waitForPage(redirect);
            browser.submitPassword("pat", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.WEBAUTHN);
            browser.authenticateWebAuthn();
            JWTClaimsSet stepped = redeem(browser, PASSKEYS);
            assertThat(stepped.getStringClaim("acr")).isEqualTo("2");
            assertThat(stepped.getStringListClaim("amr")).contains("pwd", "pop");
        }
    }

    @Test
    void recoveryCodesAreTheFallbackWhenTheKeyIsLost() throws Exception {
        UserResource enrolling = user(KEYS, "rachel");
        UserRepresentation rep = enrolling.toRepresentation();
        rep.setRequiredActions(List.of("CONFIGURE_RECOVERY_AUTHN_CODES"));
        enrolling.update(rep);
        List<String> codes = null;
        try (Chromium browser = Chromium.start()) {
            browser.addVirtualAuthenticator();
            String realmUrl = viaLocalhost(KEYS);
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE));
            browser.waitForPage(redirect);
            browser.submitPassword("rachel", Realms.PASSWORD);
            for (Page page = browser.waitForPage(redirect); page != Page.REDIRECTED; page = browser.waitForPage(redirect)) {
                switch (page) {
                    case WEBAUTHN_REGISTER -> browser.registerWebAuthn();
                    case CONFIGURE_RECOVERY_CODES -> codes = browser.saveRecoveryCodes();
                    default -> throw new AssertionError("unexpected page " + page + ": " + browser.text());
                }
            }
            assertThat(redeem(browser, KEYS).getStringClaim("acr")).isEqualTo("2");
        }
        assertThat(codes).isNotEmpty();
        assertThat(credentialTypes(KEYS, "rachel")).contains("webauthn", "recovery-authn-codes");

        // Keycloak offers the factor the person ranks first: the key, whichever of the two she set up first
        UserResource rachel = user(KEYS, "rachel");
        rachel.moveCredentialToFirst(rachel.credentials().stream().filter(c -> "webauthn".equals(c.getType()))
                .findFirst().orElseThrow().getId());
        try (Chromium browser = Chromium.start()) { // another browser: no security key
            String realmUrl = viaLocalhost(KEYS);
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE));
            browser.waitForPage(redirect);
            browser.submitPassword("rachel", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as("her first factor, the key, is asked first").isEqualTo(Page.WEBAUTHN);
            browser.tryAnotherWay("recovery");
            assertThat(browser.waitForPage(redirect)).as("the fallback she chose").isEqualTo(Page.RECOVERY_CODE);
            browser.submitRecoveryCode(codes);
            JWTClaimsSet token = redeem(browser, KEYS);
            assertThat(token.getStringClaim("acr")).isEqualTo("2");
            assertThat(token.getStringClaim("scope")).contains(APPROVE);
            assertThat(token.getStringListClaim("amr")).contains("pwd", "otp").doesNotContain("hwk");
        }
    }

    @Test
    void aPasskeyInsteadOfThePasswordCountsAsLevelOneOnly() throws Exception {
        String realmName = "stepup-passkey-login";
        RealmResource realm = StepUpRealm.create(server, realmName, "enforce", redirect, List.of("lena"), List.of(), Map.of(APPROVE, 300));
        setFactors(realmName, Map.of("factors", "otp")); // level 2 is OTP only: the passkey cannot count as it
        RealmRepresentation policy = realm.toRepresentation();
        policy.setWebAuthnPolicyPasswordlessPasskeysEnabled(true); // Keycloak's passkey sign-in on the password form
        realm.update(policy);
        UserResource lena = user(realmName, "lena");
        UserRepresentation rep = lena.toRepresentation();
        rep.setRequiredActions(List.of("webauthn-register-passwordless"));
        lena.update(rep);
        try (Chromium browser = Chromium.start()) {
            browser.addVirtualAuthenticator();
            String realmUrl = viaLocalhost(realmName);
            browser.authorize(realmUrl, "app", redirect, Map.of());
            assertThat(browser.waitForPage(redirect)).as("the password form offers the passkey sign-in").isEqualTo(Page.WEBAUTHN);
            browser.submitPassword("lena", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.WEBAUTHN_REGISTER);
            browser.registerWebAuthn();
            assertThat(redeem(browser, realmName).getStringClaim("acr")).isEqualTo("1");
            assertThat(credentialTypes(realmName, "lena")).contains("webauthn-passwordless");

            browser.deleteCookies(realmUrl); // a new SSO session: the passkey instead of the password
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.WEBAUTHN);
            browser.authenticateWebAuthn();
            assertThat(browser.waitForPage(redirect)).as("signed in with the passkey, the sensitive scope still asks level 2")
                    .isEqualTo(Page.OTP);
            browser.submitOtp(new io.github.idgov.it.support.Totp(StepUpRealm.otpSecret("lena")).freshCode());
            JWTClaimsSet stepped = redeem(browser, realmName);
            assertThat(stepped.getStringClaim("acr")).isEqualTo("2");
            assertThat(stepped.getStringListClaim("amr")).contains("otp");

            browser.deleteCookies(realmUrl); // and a passkey sign-in alone is level 1
            browser.authorize(realmUrl, "app", redirect, Map.of());
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.WEBAUTHN);
            browser.authenticateWebAuthn();
            assertThat(redeem(browser, realmName).getStringClaim("acr")).isEqualTo("1");
        }
    }

    @Test
    void withNoFactorDenyAUserWithoutAFactorIsRefusedNotEnrolled() throws Exception {
        String realm = "stepup-factor-deny";
        StepUpRealm.create(server, realm, "enforce", redirect, List.of(), List.of("nina"), Map.of(APPROVE, 300));
        setFactors(realm, Map.of("factors", "webauthn##otp", "no-factor", "deny"));
        try (Chromium browser = Chromium.start()) {
            browser.authorize(viaLocalhost(realm), "app", redirect, Map.of("scope", "openid " + APPROVE));
            browser.waitForPage(redirect);
            browser.submitPassword("nina", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.ERROR);
        }
        assertThat(credentialTypes(realm, "nina")).containsExactly("password");
        server.waitFor(java.time.Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + realm
                + " principal=nina policy=step-up reason=\"no second factor of [webauthn, otp] and no-factor=deny"), "deny decision");
    }

    @Test
    void badFactorsAreRefusedNamingTheFieldAndNothingIsStored() {
        RealmResource realm = server.adminClient().realm(KEYS);
        String configId = stepUpConfigId(realm);
        for (Map<String, String> bad : List.of(Map.of("factors", "webauthn##sms"), Map.of("factors", "recovery-codes"),
                Map.of("factors", "otp", "no-factor", "allow"))) {
            AuthenticatorConfigRepresentation config = realm.flows().getAuthenticatorConfig(configId);
            config.setConfig(bad);
            String field = bad.containsKey("no-factor") ? "no-factor:" : "factors:";
            assertThatThrownBy(() -> realm.flows().updateAuthenticatorConfig(configId, config))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(AdminErrors.message(e))
                            .contains("authenticator config 'idgov step-up'").contains(field));
        }
        assertThat(realm.flows().getAuthenticatorConfig(configId).getConfig()).containsEntry("factors", "webauthn##recovery-codes");
        assertThat(factorRequirements(KEYS)).containsEntry("webauthn-authenticator", "ALTERNATIVE").containsEntry("auth-otp-form", "DISABLED");
    }

    @Test
    void aStepUpFlowFromSetupSevenGetsTheSecondFactorStepsWhenRefreshed() {
        String name = "stepup-factors-upgrade";
        RealmResource realm = Realms.create(server, Realms.governed(name, "enforce"));
        // as setup 7 installed it: level 2 asks the OTP form alone
        realm.flows().getExecutions(STEP_UP_FLOW).stream()
                .filter(e -> "idgov second factor".equals(e.getDisplayName()) || "idgov-step-up-enrol".equals(e.getProviderId()))
                .map(AuthenticationExecutionInfoRepresentation::getId).toList().forEach(realm.flows()::removeExecution);
        realm.flows().addExecution("idgov level 2", Map.of("provider", "auth-otp-form"));
        AuthenticationExecutionInfoRepresentation otp = realm.flows().getExecutions("idgov level 2").stream()
                .filter(e -> "auth-otp-form".equals(e.getProviderId())).findFirst().orElseThrow();
        otp.setRequirement("REQUIRED");
        realm.flows().updateExecutions("idgov level 2", otp);
        assertThat(realm.flows().getExecutions("idgov level 2")).extracting(AuthenticationExecutionInfoRepresentation::getProviderId)
                .containsExactly("conditional-level-of-authentication", "auth-otp-form");

        String current = Realms.refreshFromSetup(realm, "7");

        List<AuthenticationExecutionInfoRepresentation> levelTwo = realm.flows().getExecutions("idgov level 2");
        assertThat(levelTwo).filteredOn(e -> e.getLevel() == 0).extracting(e -> Boolean.TRUE.equals(e.getAuthenticationFlow()) ? e.getDisplayName() : e.getProviderId())
                .containsExactly("conditional-level-of-authentication", "idgov second factor", "idgov-step-up-enrol");
        assertThat(factorRequirements(name)).containsExactly(Map.entry("auth-otp-form", "ALTERNATIVE"),
                Map.entry("webauthn-authenticator", "ALTERNATIVE"), Map.entry("webauthn-authenticator-passwordless", "ALTERNATIVE"),
                Map.entry("auth-recovery-authn-code-form", "ALTERNATIVE"));
        assertThat(realm.toRepresentation().getAttributes()).as("brought back to the current setup").containsEntry("idgov.installed", current);
    }

    @Test
    void aRealmSetUpWithKeycloaksAmrMapperGetsThePacksWhenRefreshed() {
        RealmResource realm = Realms.create(server, Realms.governed("stepup-amr-upgrade", "enforce"));
        ClientScopeResource scope = governanceScope(realm);
        assertThat(amrMappers(scope)).as("a new realm: the pack's amr mapper").containsExactly("amr=idgov-amr");

        // as setup 11 installed it: Keycloak's own AMR mapper, named amr
        scope.getProtocolMappers().getMappers().stream().filter(m -> "amr".equals(m.getName()))
                .forEach(m -> scope.getProtocolMappers().delete(m.getId()));
        ProtocolMapperRepresentation stock = new ProtocolMapperRepresentation();
        stock.setName("amr");
        stock.setProtocol("openid-connect");
        stock.setProtocolMapper("oidc-amr-mapper");
        stock.setConfig(Map.of("access.token.claim", "true", "id.token.claim", "true"));
        scope.getProtocolMappers().createMapper(stock).close();
        assertThat(amrMappers(scope)).containsExactly("amr=oidc-amr-mapper");

        String current = Realms.refreshFromSetup(realm, "11");

        assertThat(amrMappers(scope)).as("Keycloak's replaced by the pack's").containsExactly("amr=idgov-amr");
        ProtocolMapperRepresentation amr = scope.getProtocolMappers().getMappers().stream()
                .filter(m -> "amr".equals(m.getName())).findFirst().orElseThrow();
        assertThat(amr.getConfig()).containsEntry("access.token.claim", "true").containsEntry("id.token.claim", "true");
        assertThat(realm.toRepresentation().getAttributes()).containsEntry("idgov.installed", current);
    }

    private static ClientScopeResource governanceScope(RealmResource realm) {
        return realm.clientScopes().get(realm.clientScopes().findAll().stream()
                .filter(s -> "identity-governance".equals(s.getName())).findFirst().orElseThrow().getId());
    }

    /** name=mapper type of each mapper of the scope that writes amr. */
    private static List<String> amrMappers(ClientScopeResource scope) {
        return scope.getProtocolMappers().getMappers().stream()
                .filter(m -> m.getProtocolMapper().contains("amr"))
                .map(m -> m.getName() + "=" + m.getProtocolMapper()).toList();
    }

    private void setFactors(String realmName, Map<String, String> settings) {
        RealmResource realm = server.adminClient().realm(realmName);
        String configId = stepUpConfigId(realm);
        AuthenticatorConfigRepresentation config = realm.flows().getAuthenticatorConfig(configId);
        Map<String, String> values = new java.util.HashMap<>(config.getConfig());
        values.putAll(settings);
        config.setConfig(values);
        realm.flows().updateAuthenticatorConfig(configId, config);
    }

    private static String stepUpConfigId(RealmResource realm) {
        return realm.flows().getExecutions(STEP_UP_FLOW).stream().filter(e -> "idgov-step-up".equals(e.getProviderId()))
                .findFirst().orElseThrow().getAuthenticationConfig();
    }

    /** The factor steps of the step-up flow's second-factor sub-flow, in flow order, with their requirement. */
    private Map<String, String> factorRequirements(String realmName) {
        List<AuthenticationExecutionInfoRepresentation> executions = server.adminClient().realm(realmName).flows().getExecutions(STEP_UP_FLOW);
        return executions.stream().filter(e -> e.getLevel() > 0 && e.getProviderId() != null && List.of("auth-otp-form", "webauthn-authenticator",
                        "webauthn-authenticator-passwordless", "auth-recovery-authn-code-form").contains(e.getProviderId()))
                .collect(Collectors.toMap(AuthenticationExecutionInfoRepresentation::getProviderId,
                        AuthenticationExecutionInfoRepresentation::getRequirement, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private UserResource user(String realmName, String username) {
        RealmResource realm = server.adminClient().realm(realmName);
        return realm.users().get(realm.users().searchByUsername(username, true).get(0).getId());
    }

    private List<String> credentialTypes(String realmName, String username) {
        return user(realmName, username).credentials().stream().map(CredentialRepresentation::getType).toList();
    }

    /** Keycloak's realm URL through {@code localhost} (the server listens on the loopback address). */
    private String viaLocalhost(String realm) {
        return server.realmUrl(realm).replace("://127.0.0.1:", "://localhost:");
    }

    private JWTClaimsSet redeem(Chromium browser, String realm) throws Exception {
        assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.REDIRECTED);
        String code = browser.redirectParameters().get("code");
        assertThat(code).as(browser.redirectParameters().toString()).isNotNull();
        Grants.Result tokens = new Grants(server.realmUrl(realm)).authorizationCode("app", code, redirect).requireSuccess();
        return SignedJWT.parse(tokens.accessToken().getValue()).getJWTClaimsSet();
    }
}

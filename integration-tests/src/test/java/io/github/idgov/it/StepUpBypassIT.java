package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.Approvals;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The two ways to a sensitive scope that need more than one realm's login page (issue 5, "no way around it"): CIBA,
 * where no browser flow runs in the governed realm and the person's step-up on the approval page is the evidence, and a
 * login through an identity provider (a second realm of the same server acting as the OIDC provider), where the
 * governed realm's forms are skipped and the pack's post-broker-login flow steps up. Each yields the scope with a
 * fresh second factor of the person, and never without one.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepUpBypassIT {

    private static final String REALM = "stepup-bypass";
    private static final String UPSTREAM = "stepup-upstream";
    private static final String IDP = "upstream";
    private static final String BARE_IDP = "upstream-bare";
    private static final String BROKER_FLOW = "idgov post-broker step-up";
    private static final String APPROVE = "payments:approve";
    private static final String RELEASE = "payments:release";
    /** The callback parameter the approval page writes its step-up evidence under (what an agent would forge). */
    private static final String EVIDENCE_PARAM = "idgov.approval.step-up";
    private static final int RELEASE_MAX_AGE = 6;
    private static final String SECRET = "stepup-bypass-secret-1";
    private static final String REFUSAL = "step-up required";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** One generator per person for the whole class: Keycloak refuses a code used once, also by an earlier test. */
    private final Map<String, Totp> otps = new ConcurrentHashMap<>();
    private KeycloakServer server;
    private CallbackServer callback;
    private URI redirect;
    private Grants grants;
    private Approvals approvals;

    @BeforeAll
    void createRealms(KeycloakServer server) throws Exception {
        this.server = server;
        callback = CallbackServer.start();
        redirect = callback.redirectUri();
        StepUpRealm.create(server, REALM, "enforce", redirect, List.of("peter", "gina"), List.of("gwen"), Map.of(APPROVE, 300, RELEASE, RELEASE_MAX_AGE), StepUpBypassIT::withCiba);
        grants = new Grants(server.realmUrl(REALM));
        approvals = new Approvals(server, REALM);
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
    void anAgentsCibaTokenGetsTheSensitiveScopeWhenThePersonApprovedAfterAFreshSecondFactor() throws Exception {
        String message = "STEP-UP-2";
        HttpResponse<String> started = ciba("ciba-agent", "peter", "openid " + APPROVE, message, Map.of());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String authReqId = (String) JSONObjectUtils.parse(started.body()).get("auth_req_id");
        assertThat(poll(authReqId, Map.of()).error()).isEqualTo("authorization_pending");

        JWTClaimsSet approverClaims;
        try (Chromium browser = Chromium.start()) {
            String approver = approverToken(browser, "peter", true);
            approverClaims = JWTParser.parse(approver).getJWTClaimsSet();
            HttpResponse<String> approved = approve(approver, pendingApproval(approver, message));
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        }
        // the CIBA session never reached a level; the approver's step-up (acr 2, inside 300 s) is the evidence
        TokenEndpoint.Answer token = poll(authReqId, Map.of());
        assertThat(token.ok()).as(token.describe()).isTrue();
        JWTClaimsSet claims = token.claims();
        assertThat(claims.getSubject()).isEqualTo(approverClaims.getSubject());
        assertThat(claims.getStringClaim("scope").split(" ")).contains(APPROVE);
        assertThat(claims.getStringClaim("acr")).as("the approver's level").isEqualTo("2");
        assertThat(claims.getLongClaim("auth_time")).as("the approver's authentication, not the poll")
                .isEqualTo(approverClaims.getLongClaim("auth_time"));
        assertThat(claims.getJSONObjectClaim("act")).containsEntry("client_id", "ciba-agent").containsKey("approval");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=allow realm=" + REALM
                + " principal=peter policy=step-up reason=\"level 2 within 300 s (" + APPROVE + ") reached by the person's approval"),
                "the step-up allowed on the approval");
    }

    @Test
    void aRealmThatNamesItsLevelsGetsTheSensitiveScopeThroughCibaToo() throws Exception {
        // the realm names its levels: Keycloak issues acr "gold" for level 2, the approval's evidence carries that name
        RealmResource realm = server.adminClient().realm(REALM);
        RealmRepresentation rep = realm.toRepresentation();
        Map<String, String> original = new HashMap<>(rep.getAttributes());
        Map<String, String> named = new HashMap<>(original);
        named.put("acr.loa.map", "{\"silver\":1,\"gold\":2}");
        rep.setAttributes(named);
        realm.update(rep);
        try {
            String message = "STEP-UP-GOLD";
            String authReqId = Approvals.authReqId(ciba("ciba-agent", "peter", "openid " + APPROVE, message, Map.of()));
            JWTClaimsSet approverClaims;
            try (Chromium browser = Chromium.start()) {
                String approver = approverToken(browser, "peter", true, "gold");
                approverClaims = JWTParser.parse(approver).getJWTClaimsSet();
                HttpResponse<String> approved = approve(approver, pendingApproval(approver, message));
                assertThat(approved.statusCode()).as("the page reads gold as level 2: " + approved.body()).isEqualTo(200);
            }
            TokenEndpoint.Answer token = poll(authReqId, Map.of());
            assertThat(token.ok()).as(token.describe()).isTrue();
            assertThat(token.claims().getStringClaim("scope").split(" ")).contains(APPROVE);
            assertThat(token.claims().getStringClaim("acr")).isEqualTo("gold");
            assertThat(token.claims().getLongClaim("auth_time")).isEqualTo(approverClaims.getLongClaim("auth_time"));

            // silver is level 1: a password-only approver's evidence still gets no sensitive scope
            RealmResource admin = server.adminClient().realm(REALM);
            ClientRepresentation page = admin.clients().findByClientId("idgov-approval").get(0);
            Map<String, String> pageAttributes = new HashMap<>(page.getAttributes());
            page.getAttributes().put(StepUpRealm.LEVEL_ATTRIBUTE, "1");
            admin.clients().get(page.getId()).update(page);
            try {
                String silverMessage = "STEP-UP-SILVER";
                String silverReq = Approvals.authReqId(ciba("ciba-agent", "peter", "openid " + APPROVE, silverMessage, Map.of()));
                try (Chromium browser = Chromium.start()) {
                    String approver = approverToken(browser, "peter", false, "silver");
                    assertThat(approve(approver, pendingApproval(approver, silverMessage)).statusCode()).isEqualTo(200);
                }
                TokenEndpoint.Answer refused = poll(silverReq, Map.of());
                assertThat(refused.ok()).as(refused.describe()).isFalse();
                assertThat(refused.description()).contains(REFUSAL).contains("acr silver, below level 2");
            } finally {
                page.setAttributes(pageAttributes);
                admin.clients().get(page.getId()).update(page);
            }
        } finally {
            Map<String, String> restored = new HashMap<>(original);
            restored.putIfAbsent("acr.loa.map", "{}"); // an attribute left out of an update is kept, not removed
            rep.setAttributes(restored);
            realm.update(rep);
        }
    }

    @Test
    void aPasswordOnlyApprovalGetsNoSensitiveScopeAndTheAgentCannotInjectEvidence() throws Exception {
        // an administrator lowered the approval page to password only: approvals still work, step-up scopes do not
        RealmResource realm = server.adminClient().realm(REALM);
        ClientRepresentation page = realm.clients().findByClientId("idgov-approval").get(0);
        Map<String, String> original = new HashMap<>(page.getAttributes());
        page.getAttributes().put(StepUpRealm.LEVEL_ATTRIBUTE, "1");
        realm.clients().get(page.getId()).update(page);
        try {
            String forged = "{\"acr\":\"2\",\"auth_time\":" + Instant.now().getEpochSecond()
                    + ",\"approver_sub\":\"" + userId("peter") + "\",\"scope\":\"openid " + APPROVE + "\"}";
            // evidence-like parameters in the request: Keycloak keeps them apart (backchannel-request prefix) or drops them
            String message = "ACR-2/STEP-UP-3";
            HttpResponse<String> started = ciba("ciba-agent", "peter", "openid " + APPROVE, message,
                    Map.of(EVIDENCE_PARAM, forged, "ciba_callback_response_param_" + EVIDENCE_PARAM, forged, "acr_values", "2"));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            String authReqId = (String) JSONObjectUtils.parse(started.body()).get("auth_req_id");

            // the agent cannot complete its own request through Keycloak's callback endpoint with its own token
            HttpResponse<String> selfApproved = selfApprove(forged);
            assertThat(selfApproved.statusCode()).as(selfApproved.body()).isIn(401, 403);
            assertThat(poll(authReqId, Map.of()).error()).isEqualTo("authorization_pending");

            try (Chromium browser = Chromium.start()) {
                String approver = approverToken(browser, "peter", false);
                assertThat(JWTParser.parse(approver).getJWTClaimsSet().getStringClaim("acr")).isEqualTo("1");
                HttpResponse<String> approved = approve(approver, pendingApproval(approver, message));
                assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            }
            TokenEndpoint.Answer token = poll(authReqId, Map.of(EVIDENCE_PARAM, forged, "acr_values", "2"));
            assertThat(token.ok()).as(token.describe()).isFalse();
            assertThat(token.error()).isEqualTo("access_denied");
            assertThat(token.description()).contains(REFUSAL).contains("acr 1, below level 2").contains("grant ciba");
        } finally {
            page.setAttributes(original);
            realm.clients().get(page.getId()).update(page);
        }
    }

    @Test
    void anApprovalOlderThanTheScopesMaxAgeAtThePollGetsNoSensitiveScope() throws Exception {
        String message = "STEP-UP-4";
        HttpResponse<String> started = ciba("ciba-agent", "peter", "openid " + RELEASE, message, Map.of());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String authReqId = (String) JSONObjectUtils.parse(started.body()).get("auth_req_id");
        long authTime;
        try (Chromium browser = Chromium.start()) {
            String approver = approverToken(browser, "peter", true);
            authTime = JWTParser.parse(approver).getJWTClaimsSet().getLongClaim("auth_time");
            assertThat(approve(approver, pendingApproval(approver, message)).statusCode()).isEqualTo(200);
        }
        // payments:release allows 6 s: the person's second factor is older than that when the agent polls
        server.waitFor(Duration.ofSeconds(30), () -> Instant.now().getEpochSecond() > authTime + RELEASE_MAX_AGE + 1,
                "the approver's step-up older than the scope's max age");
        TokenEndpoint.Answer token = poll(authReqId, Map.of());
        assertThat(token.ok()).as(token.describe()).isFalse();
        assertThat(token.error()).isEqualTo("access_denied");
        assertThat(token.description()).contains(REFUSAL).contains("level 2 within 6 s (" + RELEASE + ")")
                .contains("outside the window of 6 s");
    }

    @Test
    void aNonSensitiveApprovalIsNotReusedForASensitiveScope() throws Exception {
        String message = "STEP-UP-5";
        HttpResponse<String> started = ciba("ciba-agent", "peter", "openid", message, Map.of());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String authReqId = (String) JSONObjectUtils.parse(started.body()).get("auth_req_id");
        try (Chromium browser = Chromium.start()) {
            String approver = approverToken(browser, "peter", true);
            assertThat(approve(approver, pendingApproval(approver, message)).statusCode()).isEqualTo(200);
        }
        // asking for more at the poll does not widen what was approved
        TokenEndpoint.Answer token = poll(authReqId, Map.of("scope", "openid " + APPROVE));
        assertThat(token.ok()).as(token.describe()).isTrue();
        assertThat(token.claims().getStringClaim("scope").split(" ")).doesNotContain(APPROVE);
        assertThat(poll(authReqId, Map.of("scope", "openid " + APPROVE)).ok()).as("the approval is used once").isFalse();

        // the approved token exchanged for the sensitive scope: its CIBA session has no level, the evidence was for openid
        TokenEndpoint.Answer exchanged = new TokenEndpoint(server.realmUrl(REALM)).exchange(OidcClient.secret("ciba-agent", SECRET),
                Map.of("subject_token", token.accessToken(), "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                        "scope", "openid " + APPROVE));
        assertThat(exchanged.ok() && exchanged.claims().getStringClaim("scope").contains(APPROVE)).as(exchanged.describe()).isFalse();

        // a new request for the sensitive scope waits for its own approval
        HttpResponse<String> again = ciba("ciba-agent", "peter", "openid " + APPROVE, "STEP-UP-6", Map.of());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(poll((String) JSONObjectUtils.parse(again.body()).get("auth_req_id"), Map.of()).error()).isEqualTo("authorization_pending");
    }

    @Test
    void aLoginThroughAnIdentityProviderStepsUpAfterTheProviderFirstLoginOrLater() throws Exception {
        String realmUrl = server.realmUrl(REALM);
        Totp otp;
        try (Chromium browser = Chromium.start()) {
            // first broker login: the account is created from the provider's claims; ivy has no second factor here,
            // so the post-broker step-up enrols one (no-factor=enroll, as the browser flow does)
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE, "kc_idp_hint", IDP));
            assertThat(browser.waitForPage(redirect)).as("the provider's login page").isEqualTo(Page.USERNAME_PASSWORD);
            assertThat(browser.driver().getCurrentUrl()).startsWith(server.realmUrl(UPSTREAM));
            browser.submitPassword("ivy", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.CONFIGURE_OTP);
            otp = Totp.ofBase32(browser.totpSecretFromEnrolmentPage());
            browser.submitOtpEnrolment(otp.freshCode());
            assertGranted(redeem(browser), APPROVE);
            assertThat(server.adminClient().realm(REALM).users().searchByUsername("ivy", true)).as("first broker login created ivy").hasSize(1);
        }
        try (Chromium browser = Chromium.start()) {
            // a brokered login without a sensitive scope: the provider's login only, level 1
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid", "kc_idp_hint", IDP));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword("ivy", Realms.PASSWORD);
            Grants.Result plain = redeem(browser);
            assertThat(plain.refused()).as(plain.describe()).isFalse();
            assertThat(claims(plain).getStringClaim("acr")).isEqualTo("1");
        }
        try (Chromium browser = Chromium.start()) {
            // a later login of the linked account asks its second factor after the provider; the 6 s scope's window holds
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE + " " + RELEASE, "kc_idp_hint", IDP));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword("ivy", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as("the step-up after the provider").isEqualTo(Page.OTP);
            browser.submitOtp(otp.freshCode());
            Grants.Result granted = redeem(browser);
            assertGranted(granted, RELEASE);
            long authTime = claims(granted).getLongClaim("auth_time");
            server.waitFor(Duration.ofSeconds(30), () -> Instant.now().getEpochSecond() > authTime + RELEASE_MAX_AGE + 1,
                    "the brokered step-up older than the scope's max age");
            assertRefused(grants.refresh("app", granted.refreshToken()), "grant refresh_token");
        }
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=step-up realm=" + REALM
                + " principal=ivy policy=step-up"), "the step-up of the brokered login");
    }

    @Test
    void aFreshBrokeredStepUpIsNotAskedAgainInTheSameSession() throws Exception {
        String realmUrl = server.realmUrl(REALM);
        try (Chromium browser = Chromium.start()) {
            // a brokered login without a sensitive scope (the first broker login creates iris): level 1, nothing asked
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid", "kc_idp_hint", IDP));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword("iris", Realms.PASSWORD);
            assertThat(claims(redeem(browser)).getStringClaim("acr")).isEqualTo("1");
            // the sensitive scope in the same session: back through the provider, then the step-up (iris enrols her first factor)
            browser.authorize(realmUrl, "app", redirect, Map.of("scope", "openid " + APPROVE, "kc_idp_hint", IDP));
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.CONFIGURE_OTP);
            browser.submitOtpEnrolment(Totp.ofBase32(browser.totpSecretFromEnrolmentPage()).freshCode());
            Grants.Result stepped = redeem(browser);
            assertGranted(stepped, APPROVE);
            // inside the window another client asks for it with the provider hint: not asked again, the step-up's time carried
            browser.authorize(realmUrl, "app2", redirect, Map.of("scope", "openid " + APPROVE, "kc_idp_hint", IDP));
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.REDIRECTED);
            Grants.Result again = redeem(browser, "app2");
            assertGranted(again, APPROVE);
            assertThat(claims(again).getLongClaim("auth_time")).isEqualTo(claims(stepped).getLongClaim("auth_time"));
        }
    }

    @Test
    void aBrokeredLoginWithoutTheSecondFactorGetsNoSensitiveScope() throws Exception {
        RealmResource realm = server.adminClient().realm(REALM);
        IdentityProviderRepresentation bare = realm.identityProviders().get(createProvider(BARE_IDP)).toRepresentation();
        assertThat(bare.getPostBrokerLoginFlowAlias()).as("a provider added to a governed realm steps up").isEqualTo(BROKER_FLOW);
        // an administrator takes the step-up off this provider: its logins reach no level, the gate refuses the scope
        bare.setPostBrokerLoginFlowAlias("");
        realm.identityProviders().get(BARE_IDP).update(bare);
        assertThat(realm.identityProviders().get(BARE_IDP).toRepresentation().getPostBrokerLoginFlowAlias()).isNull();
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(REALM), "app", redirect, Map.of("scope", "openid " + APPROVE, "kc_idp_hint", BARE_IDP));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword("ike", Realms.PASSWORD);
            assertRefused(redeem(browser), "grant authorization_code");
        }
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + REALM
                + " principal=ike policy=step-up"), "the step-up denial of the brokered login");
    }

    @Test
    void linkingAnExistingAccountWithItsSecondFactorInTheFirstBrokerLoginIsNotAskedItAgain() throws Exception {
        Totp otp = otp("gina");
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
            browser.submitOtp(otp.freshCode());
            // that account check passed gina's second factor in this login: the post-broker step-up counts it, not asked twice
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.REDIRECTED);
            Grants.Result granted = redeem(browser);
            assertGranted(granted, APPROVE);
            assertThat(claims(granted).getStringListClaim("amr")).as("the account check's OTP named as the method").contains("otp");
        }
        assertThat(server.adminClient().realm(REALM).users().get(server.adminClient().realm(REALM).users()
                .searchByUsername("gina", true).get(0).getId()).getFederatedIdentity()).extracting(f -> f.getIdentityProvider())
                .containsExactly(IDP);
    }

    @Test
    void linkingAnAccountThatHasNoSecondFactorStillStepsUpAfterTheProvider() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(REALM), "app", redirect, Map.of("scope", "openid " + APPROVE, "kc_idp_hint", IDP));
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword("gwen", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.OTHER);
            browser.driver().findElement(org.openqa.selenium.By.id("linkAccount")).click();
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isIn(Page.PASSWORD, Page.USERNAME_PASSWORD);
            browser.submitPassword("gwen", Realms.PASSWORD);
            // a password-only account check is no second factor: the post-broker step-up enrols one before the scope
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.CONFIGURE_OTP);
            browser.submitOtpEnrolment(Totp.ofBase32(browser.totpSecretFromEnrolmentPage()).freshCode());
            assertGranted(redeem(browser), APPROVE);
        }
    }

    // --- the identity provider: a plain realm of the same server, and the governed realm's OIDC broker to it

    private void createUpstream() {
        RealmRepresentation upstream = new RealmRepresentation();
        upstream.setRealm(UPSTREAM);
        upstream.setEnabled(true);
        // ivy, ike and iris exist only upstream; gina (with OTP) and gwen (password only) also have accounts in the governed realm
        upstream.setUsers(new ArrayList<>(List.of(Realms.human("ivy", true), Realms.human("ike", true), Realms.human("gina", true), Realms.human("iris", true), Realms.human("gwen", true))));
        ClientRepresentation broker = Realms.serviceClient("governed-broker", SECRET);
        broker.setServiceAccountsEnabled(false);
        broker.setStandardFlowEnabled(true);
        broker.setRedirectUris(List.of(server.realmUrl(REALM) + "/broker/" + IDP + "/endpoint",
                server.realmUrl(REALM) + "/broker/" + BARE_IDP + "/endpoint"));
        upstream.setClients(new ArrayList<>(List.of(broker)));
        Realms.create(server, upstream);
        createProvider(IDP);
    }

    /** An OIDC provider of the governed realm pointing at the upstream realm, created through the admin API; its alias. */
    private String createProvider(String alias) {
        String oidc = server.realmUrl(UPSTREAM) + "/protocol/openid-connect";
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
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
        assertThat(realm.identityProviders().findAll()).extracting(IdentityProviderRepresentation::getAlias).contains(alias);
        return alias;
    }

    // --- CIBA

    private HttpResponse<String> ciba(String clientId, String loginHint, String scope, String bindingMessage) throws Exception {
        return ciba(clientId, loginHint, scope, bindingMessage, Map.of());
    }

    private HttpResponse<String> ciba(String clientId, String loginHint, String scope, String bindingMessage, Map<String, String> extra)
            throws Exception {
        return approvals.ciba(clientId, SECRET, loginHint, scope, bindingMessage, extra);
    }

    /** Keycloak's CIBA callback endpoint called by the agent itself, with its own token, claiming success with evidence. */
    private HttpResponse<String> selfApprove(String evidence) throws Exception {
        String agentToken = new OidcClient(server.realmUrl(REALM)).clientCredentials(OidcClient.secret("ciba-agent", SECRET))
                .requireSuccess().accessToken().getValue();
        String body = new ObjectMapper().writeValueAsString(Map.of("status", "SUCCEED",
                "additionalParams", Map.of(EVIDENCE_PARAM, evidence)));
        return http.send(HttpRequest.newBuilder(URI.create(server.realmUrl(REALM) + "/protocol/openid-connect/ext/ciba/auth/callback"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String userId(String username) {
        return server.adminClient().realm(REALM).users().searchByUsername(username, true).get(0).getId();
    }

    private TokenEndpoint.Answer poll(String authReqId, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>(extra);
        params.put("auth_req_id", authReqId);
        return approvals.poll(OidcClient.secret("ciba-agent", SECRET), params);
    }

    /** A token of the approval page's client: password and, with {@code secondFactor}, a real TOTP code; its acr checked. */
    private String approverToken(Chromium browser, String username, boolean secondFactor) throws Exception {
        return approverToken(browser, username, secondFactor, secondFactor ? "2" : "1");
    }

    private String approverToken(Chromium browser, String username, boolean secondFactor, String acr) throws Exception {
        TokenEndpoint.Answer answer = approvals.approverToken(browser, (page, back) -> {
            assertThat(page.waitForPage(back)).isEqualTo(Page.USERNAME_PASSWORD);
            page.submitPassword(username, Realms.PASSWORD);
            if (secondFactor) {
                assertThat(page.waitForPage(back)).as("the approval client asks the second factor").isEqualTo(Page.OTP);
                page.submitOtp(otp(username).freshCode());
            }
            assertThat(page.waitForPage(back)).as(page.text()).isEqualTo(Page.REDIRECTED);
        });
        assertThat(answer.claims().getStringClaim("acr")).as("the approval client's level").isEqualTo(acr);
        return answer.accessToken();
    }

    private String pendingApproval(String token, String message) throws Exception {
        return approvals.pendingId(token, message);
    }

    private HttpResponse<String> approve(String token, String id) throws Exception {
        return approvals.decide(token, id, "approve");
    }

    // --- helpers

    private Totp otp(String username) {
        return otps.computeIfAbsent(username, name -> new Totp(StepUpRealm.otpSecret(name)));
    }

    private Grants.Result redeem(Chromium browser) throws Exception {
        return redeem(browser, "app");
    }

    private Grants.Result redeem(Chromium browser, String clientId) throws Exception {
        assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.REDIRECTED);
        String code = browser.redirectParameters().get("code");
        assertThat(code).as(browser.redirectParameters().toString()).isNotNull();
        return grants.authorizationCode(clientId, code, redirect);
    }

    /** The token has the scope and the step-up's level. */
    private static void assertGranted(Grants.Result result, String scope) throws Exception {
        assertThat(result.refused()).as(result.describe()).isFalse();
        JWTClaimsSet claims = claims(result);
        assertThat(claims.getStringClaim("scope").split(" ")).contains(scope);
        assertThat(claims.getStringClaim("acr")).isEqualTo("2");
    }

    private static JWTClaimsSet claims(Grants.Result result) throws Exception {
        return JWTParser.parse(result.accessToken().getValue()).getJWTClaimsSet();
    }

    private static void assertRefused(Grants.Result result, String grant) throws Exception {
        assertThat(result.refused()).as(result.describe()).isTrue();
        assertThat(result.error().getCode()).isEqualTo("access_denied");
        assertThat(result.error().getDescription()).contains(REFUSAL).contains(grant);
    }
}

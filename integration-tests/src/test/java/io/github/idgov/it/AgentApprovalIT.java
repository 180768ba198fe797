package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.Approvals;
import io.github.idgov.it.support.CallbackServer;
import io.github.idgov.it.support.Chromium;
import io.github.idgov.it.support.Chromium.Page;
import io.github.idgov.it.support.DelegationRealm;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.TokenEndpoint;
import io.github.idgov.it.support.Totp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Human approval of irreversible agent actions (issue 6, CIBA): the agent asks over the backchannel, the person
 * approves on the pack's page after a fresh step-up (real Chromium, real TOTP), the agent's poll gets a delegated
 * token whose act carries the approval evidence. And every way around it fails: a replayed approval or poll, an
 * approval stretched to other scopes, someone else deciding, an expired approval, a non-agent client, an agent
 * without the scope, malformed parameters (400 naming them, never 500).
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentApprovalIT {

    private static final String REALM = "approval-enforce";
    private static final String SHORT = "approval-short";
    private static final String MONITOR = "approval-monitor";
    private static final String IRREVERSIBLE = "openid payments:execute";
    private static final List<String> OTP_USERS = List.of("alice", "sam", "bob");

    private final Map<String, Totp> totp = new ConcurrentHashMap<>();
    private final Map<String, Chromium> browsers = new ConcurrentHashMap<>();
    private final AtomicInteger messages = new AtomicInteger();
    private final Map<String, Approvals> approvals = new ConcurrentHashMap<>();
    private KeycloakServer server;
    private RealmResource realm;
    private TokenEndpoint endpoint;

    @BeforeAll
    void createRealms(KeycloakServer server) {
        this.server = server;
        realm = Realms.create(server, representation(REALM, 120));
        DelegationRealm.configure(realm);
        DelegationRealm.addAudience(realm, "payments:execute", "billing-api"); // the payments API introspects approved tokens
        RealmResource shortLived = Realms.create(server, representation(SHORT, 2));
        DelegationRealm.configure(shortLived);
        endpoint = new TokenEndpoint(server.realmUrl(REALM));
    }

    private RealmResource monitorRealm() {
        RealmRepresentation rep = representation(MONITOR, "monitor", 120);
        RealmResource monitor = Realms.create(server, rep);
        DelegationRealm.configure(monitor);
        return monitor;
    }

    @AfterAll
    void closeBrowsers() {
        browsers.values().forEach(Chromium::close);
    }

    /** The delegation realm, CIBA on for the agents (and plain-svc, so the pack's refusal shows), people with OTP. */
    private static RealmRepresentation representation(String name, int expiresIn) {
        return representation(name, "enforce", expiresIn);
    }

    private static RealmRepresentation representation(String name, String mode, int expiresIn) {
        RealmRepresentation rep = DelegationRealm.representation(name, mode);
        Map<String, String> attributes = new HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
        attributes.put("cibaBackchannelTokenDeliveryMode", "poll");
        attributes.put("cibaAuthRequestedUserHint", "login_hint");
        attributes.put("cibaExpiresIn", String.valueOf(expiresIn));
        attributes.put("cibaInterval", "1"); // 0 makes Keycloak 26.7 answer every poll with a 500
        rep.setAttributes(attributes);
        // agent-r stays at recommend: an approval must not lift it to the act tier of payments:execute
        rep.getClients().add(Realms.serviceClient("agent-r", DelegationRealm.SECRET));
        Map<String, String> recommend = new HashMap<>(Realms.machine("ai-agent"));
        recommend.put("identity_autonomy", "recommend");
        rep.getUsers().add(Realms.serviceAccountUser("agent-r", recommend));
        for (ClientRepresentation client : rep.getClients()) {
            if (List.of("agent", "agent2", "agent-s", "agent-r", "plain-svc").contains(client.getClientId())) {
                Map<String, String> clientAttributes = new HashMap<>(client.getAttributes() == null ? Map.of() : client.getAttributes());
                clientAttributes.put("oidc.ciba.grant.enabled", "true");
                client.setAttributes(clientAttributes);
            }
        }
        List<UserRepresentation> users = new ArrayList<>();
        for (UserRepresentation user : rep.getUsers()) {
            if (List.of("service-account-agent", "service-account-agent2", "service-account-agent-s").contains(user.getUsername())) {
                user.getAttributes().put("identity_autonomy", List.of("act")); // irreversible scopes are act-tier
            }
            users.add(OTP_USERS.contains(user.getUsername()) ? withOtp(user) : user);
        }
        rep.setUsers(users);
        return rep;
    }

    @Test
    void thePersonApprovesOnThePageAndTheAgentsPollYieldsADelegatedTokenWithTheEvidence() throws Exception {
        String message = message("pay");
        Map<String, Object> started = requireStarted(ciba("agent", "alice", IRREVERSIBLE, message));
        String authReqId = (String) started.get("auth_req_id");
        assertThat(poll("agent", authReqId).error()).isEqualTo("authorization_pending");

        Chromium browser = loggedIn("alice", server.realmUrl(REALM) + "/idgov-approval/");
        WebElement approve = new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> d.findElements(
                By.xpath("//tr[td[text()='" + message + "']]//button[starts-with(@id,'approve-')]")).stream().findFirst().orElse(null));
        String row = browser.driver().findElement(By.xpath("//tr[td[text()='" + message + "']]")).getText();
        assertThat(row).contains("agent").contains("alice").contains("payments:execute");
        approve.click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> d.findElement(By.id("message")).getText().contains("approved"));

        TokenEndpoint.Answer token = poll("agent", authReqId);
        assertThat(token.ok()).as(token.describe()).isTrue();
        assertThat(token.body()).doesNotContainKey("refresh_token");
        JWTClaimsSet claims = claims(token.accessToken());
        String aliceId = Principals.user(realm, "alice").toRepresentation().getId();
        String agentSub = Principals.serviceAccount(realm, "agent").toRepresentation().getId();
        assertThat(claims.getSubject()).isEqualTo(aliceId);
        assertThat(claims.getStringClaim("azp")).isEqualTo("agent");
        assertThat(claims.getStringClaim("scope").split(" ")).contains("payments:execute");
        Map<String, Object> act = claims.getJSONObjectClaim("act");
        assertThat(act).containsEntry("sub", agentSub).containsEntry("client_id", "agent").containsEntry("identity_class", "ai-agent");
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) act.get("approval");
        assertThat(evidence).containsEntry("approver", "alice").containsEntry("approver_sub", aliceId).containsEntry("acr", "2");
        long approvedAt = ((Number) evidence.get("approved_at")).longValue();
        assertThat(approvedAt).isBetween(claims.getIssueTime().getTime() / 1000 - 120, claims.getIssueTime().getTime() / 1000);
        long lifetime = claims.getExpirationTime().getTime() / 1000 - claims.getIssueTime().getTime() / 1000;
        assertThat(lifetime).as("the delegated maximum TTL").isBetween(1L, 300L);

        // openid: Keycloak's CIBA grant also hands the agent an ID token about the person; it is bounded like the token
        JWTClaimsSet idToken = claims((String) token.body().get("id_token"));
        assertThat(idToken.getSubject()).isEqualTo(aliceId);
        assertThat(idToken.getExpirationTime()).as("it lives no longer than the approved token").isBeforeOrEqualTo(claims.getExpirationTime());
        assertThat(idToken.getExpirationTime().getTime() / 1000 - idToken.getIssueTime().getTime() / 1000).isBetween(1L, 300L);

        // userinfo derives act again from the agent's client session: the same evidence
        Map<String, Object> userInfo = new OidcClient(server.realmUrl(REALM)).userInfo(
                new com.nimbusds.oauth2.sdk.token.BearerAccessToken(token.accessToken()));
        assertThat(userInfo).containsEntry("sub", aliceId);
        assertThat(userInfo.get("act")).isEqualTo(act);
        // the agent's default scope roles is not named in the approved scope (profile and email are, as Keycloak added
        // them to the request): it left the token, and stays out of introspection and userinfo, which Keycloak
        // rebuilds from the token's scope plus all of the client's default scopes
        List<String> unapproved = List.of("realm_access", "resource_access");
        assertThat(claims.getClaims()).doesNotContainKeys(unapproved.toArray(String[]::new));
        assertThat(userInfo).doesNotContainKeys(unapproved.toArray(String[]::new));
        assertThat(claims.getAudience()).containsExactly("billing-api");
        Map<String, Object> introspection = new OidcClient(server.realmUrl(REALM)).introspect(OidcClient.secret("billing-api", DelegationRealm.SECRET),
                new com.nimbusds.oauth2.sdk.token.BearerAccessToken(token.accessToken()));
        assertThat(introspection).containsEntry("active", true).doesNotContainKeys(unapproved.toArray(String[]::new));
        assertThat(introspection.get("scope")).isEqualTo(claims.getStringClaim("scope"));
        assertThat(introspection.get("act")).isEqualTo(act);

        TokenEndpoint.Answer again = poll("agent", authReqId);
        assertThat(again.status()).as("the approval is used once").isEqualTo(400);
        assertThat(again.error()).isEqualTo("invalid_grant");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("policy=delegation-approval reason=\"approved by alice (acr 2)"),
                "the approval decision in the audit log");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("of alice consumed: token for scope"), "the consumption record");
    }

    @Test
    void anApprovalIsDecidedOnceAndOnlyByThePerson() throws Exception {
        String message = message("once");
        String authReqId = (String) requireStarted(ciba("agent", "alice", IRREVERSIBLE, message)).get("auth_req_id");
        String bob = approverToken("bob");
        String alice = approverToken("alice");
        String id = pendingId(alice, message);
        assertThat(pendingIds(bob)).as("bob is not asked").doesNotContain(id);

        HttpResponse<String> byBob = decide(bob, id, "approve");
        assertThat(byBob.statusCode()).as(byBob.body()).isEqualTo(403);
        assertThat(poll("agent", authReqId).error()).isEqualTo("authorization_pending");

        HttpResponse<String> malformed = decide(alice, id, "yes please");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("decision");
        assertThat(decide(alice, "no-such-approval", "approve").statusCode()).isEqualTo(404);
        assertThat(decide(alice, "x".repeat(300), "approve").statusCode()).isEqualTo(404);

        assertThat(decide(alice, id, "approve").statusCode()).isEqualTo(200);
        HttpResponse<String> replay = decide(alice, id, "approve");
        assertThat(replay.statusCode()).as("a replayed approval").isEqualTo(409);
        assertThat(decide(alice, id, "deny").statusCode()).as("no change of mind after the decision").isEqualTo(409);
        assertThat(poll("agent", authReqId).ok()).isTrue();
        assertThat(decide(alice, id, "approve").statusCode()).as("consumed").isEqualTo(409);
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("bob may not decide an approval asked of alice"),
                "the refusal of bob's decision in the audit log");
    }

    @Test
    void theSponsorDecidesOnlyWhereTheRealmSaysSo() throws Exception {
        String message = message("sponsor");
        String authReqId = (String) requireStarted(ciba("agent-s", "alice", "openid orders:suggest", message)).get("auth_req_id");
        String sam = approverToken("sam");
        String id = pendingId(approverToken("alice"), message);
        assertThat(decide(sam, id, "approve").statusCode()).as("default policy: the user only").isEqualTo(403);
        setApprovers("user-or-sponsor");
        try {
            approvals(REALM).approve(sam, message);
        } finally {
            setApprovers(null);
        }
        TokenEndpoint.Answer token = poll("agent-s", authReqId);
        assertThat(token.ok()).as(token.describe()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) claims(token.accessToken()).getJSONObjectClaim("act").get("approval");
        assertThat(evidence).containsEntry("approver", "sam");
    }

    @Test
    void theSponsorsApprovalCarriesTheSponsorAsApproverAndServesOnlyItsOwnRequest() throws Exception {
        String sam = approverToken("sam");
        String samId = Principals.user(realm, "sam").toRepresentation().getId();
        String aliceId = Principals.user(realm, "alice").toRepresentation().getId();
        String agentSub = Principals.serviceAccount(realm, "agent-s").toRepresentation().getId();
        setApprovers("user-or-sponsor");
        try {
            // a second request of the same agent, person and scope: the sponsor's approval of the first is not its
            String other = message("sponsor-other");
            String otherReq = Approvals.authReqId(ciba("agent-s", "alice", "openid orders:suggest", other));
            String message = message("sponsor-ok");
            Approvals.Approved approved = approved("agent-s", "openid orders:suggest", message, sam);

            JWTClaimsSet claims = claims(approved.token().accessToken());
            assertThat(claims.getSubject()).as("the token speaks for the person, not the sponsor").isEqualTo(aliceId);
            assertThat(claims.getStringClaim("azp")).isEqualTo("agent-s");
            assertThat(claims.getStringClaim("scope").split(" ")).contains("orders:suggest");
            Map<String, Object> act = claims.getJSONObjectClaim("act");
            assertThat(act).containsEntry("sub", agentSub).containsEntry("client_id", "agent-s").containsEntry("identity_class", "ai-agent");
            @SuppressWarnings("unchecked")
            Map<String, Object> evidence = (Map<String, Object>) act.get("approval");
            assertThat(evidence).containsEntry("approver", "sam").containsEntry("approver_sub", samId).containsEntry("acr", "2");
            String id = (String) evidence.get("id");
            // Keycloak adds the agent's default scopes to the request's scope: the record is matched by approver and approval
            server.waitFor(Duration.ofSeconds(30), () -> logHasLine("policy=delegation-approval reason=\"approved by sam (acr 2) for alice:",
                    "binding_message '" + message + "' [approval " + id + ", client agent-s]"), "the sponsor's approval in the audit log");

            // used once: no second decision, no second token, and nothing for the other request
            HttpResponse<String> replay = decide(sam, id, "approve");
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
            TokenEndpoint.Answer again = poll("agent-s", approved.authReqId());
            assertThat(again.status()).as(again.describe()).isEqualTo(400);
            assertThat(again.error()).isEqualTo("invalid_grant");
            assertThat(poll("agent-s", otherReq).error()).as("the other request stays unapproved").isEqualTo("authorization_pending");
            assertThat(pendingIds(sam)).doesNotContain(id).contains(pendingId(sam, other));

            // the other request needs a decision of its own, and its token names its own approval
            approvals(REALM).approve(sam, other);
            TokenEndpoint.Answer second = poll("agent-s", otherReq);
            assertThat(second.ok()).as(second.describe()).isTrue();
            @SuppressWarnings("unchecked")
            Map<String, Object> secondEvidence = (Map<String, Object>) claims(second.accessToken()).getJSONObjectClaim("act").get("approval");
            assertThat(secondEvidence).containsEntry("approver", "sam").doesNotContainEntry("id", id);
        } finally {
            setApprovers(null);
        }
    }

    @Test
    void underUserOrSponsorSomeoneElseOrAnotherAgentsSponsorCannotDecide() throws Exception {
        String bob = approverToken("bob");
        String sam = approverToken("sam");
        setApprovers("user-or-sponsor");
        try {
            String sponsored = message("of-sam");
            String sponsoredReq = Approvals.authReqId(ciba("agent-s", "alice", "openid orders:suggest", sponsored));
            String foreign = message("of-olivia"); // agent's sponsor is olivia, not sam
            String foreignReq = Approvals.authReqId(ciba("agent", "alice", "openid orders:read", foreign));
            String alice = approverToken("alice");
            String sponsoredId = pendingId(alice, sponsored);
            String foreignId = pendingId(alice, foreign);

            assertThat(pendingIds(bob)).as("bob is neither the person nor a sponsor").doesNotContain(sponsoredId, foreignId);
            assertThat(decide(bob, sponsoredId, "approve").statusCode()).isEqualTo(403);
            assertThat(decide(bob, foreignId, "deny").statusCode()).isEqualTo(403);
            assertThat(pendingIds(sam)).contains(sponsoredId).doesNotContain(foreignId);
            HttpResponse<String> bySam = decide(sam, foreignId, "approve");
            assertThat(bySam.statusCode()).as("sam sponsors agent-s, not agent").isEqualTo(403);
            assertThat(bySam.body()).contains("access_denied");

            assertThat(poll("agent-s", sponsoredReq).error()).isEqualTo("authorization_pending");
            assertThat(poll("agent", foreignReq).error()).isEqualTo("authorization_pending");
            server.waitFor(Duration.ofSeconds(30), () -> server.logContains("sam may not decide an approval asked of alice [approval " + foreignId),
                    "the refusal of sam's decision for another agent in the audit log");
            server.waitFor(Duration.ofSeconds(30), () -> server.logContains("bob may not decide an approval asked of alice [approval " + sponsoredId),
                    "the refusal of bob's decision in the audit log");
        } finally {
            setApprovers(null);
        }
    }

    @Test
    void aDisabledSponsorCannotDecideNorItsAgentGetATokenOnThePersonsApproval() throws Exception {
        String sam = approverToken("sam"); // a valid step-up token from before sam was disabled
        String alice = approverToken("alice");
        setApprovers("user-or-sponsor");
        UserResource samUser = Principals.user(realm, "sam");
        try {
            String message = message("sponsor-off");
            String authReqId = Approvals.authReqId(ciba("agent-s", "alice", "openid orders:suggest", message));
            String id = pendingId(sam, message);
            Principals.setEnabled(samUser, false);
            try {
                HttpResponse<String> decided = decide(sam, id, "approve");
                assertThat(decided.statusCode()).as(decided.body()).isEqualTo(401);
                assertThat(request(REALM, sam, "GET", "api/approvals", null).statusCode()).isEqualTo(401);
                // nothing was decided: the person still has it to decide, the agent still waits
                assertThat(pendingIds(alice)).contains(id);
                assertThat(poll("agent-s", authReqId).error()).isEqualTo("authorization_pending");

                // the person approves, but an agent whose sponsor is disabled gets no token for it
                approvals(REALM).approve(alice, message);
                TokenEndpoint.Answer refused = poll("agent-s", authReqId);
                assertThat(refused.ok()).as(refused.describe()).isFalse();
                assertThat(refused.status()).as(refused.describe()).isEqualTo(401);
                assertThat(refused.error()).isEqualTo("invalid_client");
                assertThat(refused.description()).contains("sam");
            } finally {
                Principals.setEnabled(samUser, true);
            }
        } finally {
            setApprovers(null);
        }
    }

    @Test
    void aSponsorReplacedSinceTheRequestCannotDecide() throws Exception {
        String sam = approverToken("sam");
        setApprovers("user-or-sponsor");
        UserResource agentS = Principals.serviceAccount(realm, "agent-s");
        try {
            String message = message("sponsor-gone");
            String authReqId = Approvals.authReqId(ciba("agent-s", "alice", "openid orders:suggest", message));
            String id = pendingId(sam, message); // the request named sam
            Principals.setAttributes(agentS, Map.of("identity_sponsor", "carol"));
            try {
                assertThat(pendingIds(sam)).as("sam no longer sponsors agent-s").doesNotContain(id);
                HttpResponse<String> decided = decide(sam, id, "approve");
                assertThat(decided.statusCode()).as(decided.body()).isEqualTo(403);
            } finally {
                Principals.setAttributes(agentS, Map.of("identity_sponsor", "sam"));
            }
            assertThat(poll("agent-s", authReqId).error()).isEqualTo("authorization_pending");
            server.waitFor(Duration.ofSeconds(30), () -> server.logContains("sam may not decide an approval asked of alice [approval " + id),
                    "the refusal of the former sponsor's decision in the audit log");
        } finally {
            setApprovers(null);
        }
    }

    @Test
    void aDenialIsAccessDeniedForTheAgent() throws Exception {
        String message = message("deny");
        String authReqId = (String) requireStarted(ciba("agent", "alice", IRREVERSIBLE, message)).get("auth_req_id");
        String alice = approverToken("alice");
        assertThat(decide(alice, pendingId(alice, message), "deny").statusCode()).isEqualTo(200);
        TokenEndpoint.Answer denied = poll("agent", authReqId);
        assertThat(denied.status()).isEqualTo(400);
        assertThat(denied.error()).isEqualTo("access_denied");
    }

    @Test
    void anApprovalCoversOnlyItsScopesAndItsRequest() throws Exception {
        String message = message("scope");
        String approvedReq = (String) requireStarted(ciba("agent", "alice", "openid orders:read", message)).get("auth_req_id");
        String otherReq = (String) requireStarted(ciba("agent", "alice", IRREVERSIBLE, message("other"))).get("auth_req_id");
        approvals(REALM).approve(approverToken("alice"), message);

        assertThat(poll("agent", otherReq).error()).as("the other request stays unapproved").isEqualTo("authorization_pending");
        TokenEndpoint.Answer token = approvals(REALM).poll(agent("agent"), Map.of("auth_req_id", approvedReq, "scope", "openid orders:read payments:execute"));
        assertThat(token.ok()).as(token.describe()).isTrue();
        assertThat(claims(token.accessToken()).getStringClaim("scope").split(" ")).contains("orders:read").doesNotContain("payments:execute");

        TokenEndpoint.Answer byOtherAgent = poll("agent-s", otherReq);
        assertThat(byOtherAgent.status()).as("another agent cannot poll it").isEqualTo(400);
    }

    @Test
    void anExpiredApprovalCannotBeDecidedAndTheAgentIsToldSo() throws Exception {
        String message = message("late");
        Map<String, Object> started = requireStarted(cibaIn(SHORT, "agent", "alice", IRREVERSIBLE, message));
        String authReqId = (String) started.get("auth_req_id");
        server.waitFor(Duration.ofSeconds(60), () -> "expired_token".equals(pollIn(SHORT, authReqId).error()), "expired_token");
        String alice = approverToken(SHORT, "alice");
        assertThat(pendingIds(SHORT, alice)).as("an expired approval is not listed").isEmpty();
        HttpResponse<String> late = request(SHORT, alice, "POST", "api/approvals/" + approvalIdInLog(message), "decision=approve");
        assertThat(late.statusCode()).as(late.body()).isEqualTo(410);
    }

    @Test
    void onlyAnAgentAsksAndOnlyForItsScopes() throws Exception {
        HttpResponse<String> plain = ciba("plain-svc", "alice", "openid", message("svc"));
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(400);
        assertThat(plain.body()).contains("unauthorized_client").contains("not an ai-agent");

        HttpResponse<String> unassigned = ciba("agent2", "alice", IRREVERSIBLE, message("agent2"));
        assertThat(unassigned.statusCode()).as(unassigned.body()).isEqualTo(400);
        assertThat(unassigned.body()).contains("invalid_scope");

        HttpResponse<String> machine = ciba("agent", "service-account-plain-svc", IRREVERSIBLE, message("machine"));
        assertThat(machine.statusCode()).as(machine.body()).isEqualTo(400);
    }

    @Test
    void anApprovalDoesNotRaiseTheAgentsAutonomy() throws Exception {
        String paymentsId = realm.clientScopes().findAll().stream().filter(scope -> "payments:execute".equals(scope.getName()))
                .findFirst().orElseThrow().getId();
        DelegationRealm.client(realm, "agent-r").addOptionalClientScope(paymentsId);

        HttpResponse<String> above = ciba("agent-r", "alice", IRREVERSIBLE, message("agent-r"));
        assertThat(above.statusCode()).as(above.body()).isEqualTo(400);
        assertThat(above.body()).contains("invalid_scope")
                .as("the exchange's rule and wording (one source in core)")
                .contains("scope 'payments:execute' needs a higher autonomy tier than the agent's (needs act, agent is recommend)");
    }

    @Test
    void aRecommendAgentsApprovedTokenLeavesOutDefaultScopesAboveItsTier() throws Exception {
        // agent-r (recommend) keeps Keycloak's default scopes (profile, email, ...: unmarked, so act-tier); Keycloak adds
        // them to the CIBA request: they are not refused there, but the approved token and its ID token go without them
        String suggestId = realm.clientScopes().findAll().stream().filter(scope -> "orders:suggest".equals(scope.getName()))
                .findFirst().orElseThrow().getId();
        DelegationRealm.client(realm, "agent-r").addOptionalClientScope(suggestId);
        TokenEndpoint.Answer token = approved("agent-r", "openid orders:suggest", message("narrow"), approverToken("alice")).token();
        JWTClaimsSet claims = claims(token.accessToken());
        assertThat(claims.getStringClaim("scope").split(" ")).contains("orders:suggest").doesNotContain("profile", "email");
        assertThat(claims.getClaim("preferred_username")).as("profile is above the agent's tier").isNull();
        assertThat(claims.getJSONObjectClaim("act")).containsEntry("client_id", "agent-r").containsKey("approval");
        JWTClaimsSet idToken = claims((String) token.body().get("id_token"));
        assertThat(idToken.getClaim("email")).as("the ID token holds no claim of a dropped scope").isNull();
        assertThat(idToken.getClaim("preferred_username")).isNull();
        assertThat(idToken.getExpirationTime()).isBeforeOrEqualTo(claims.getExpirationTime());
    }

    @Test
    void aCustomDefaultScopeAboveTheAgentsTierBringsNoClaimBackAtUserinfoOrIntrospection() throws Exception {
        // a scope the test makes, unmarked (so act-tier), as a default scope of agent-r (recommend): its hardcoded claim
        // is for the access token, userinfo and introspection, which Keycloak rebuilds from all of the client's defaults
        String leak = DelegationRealm.scopeWithClaim(realm, "leak:approval", null, "leak_marker");
        DelegationRealm.client(realm, "agent-r").addOptionalClientScope(DelegationRealm.scopeId(realm, "orders:read"));
        DelegationRealm.client(realm, "agent-r").addDefaultClientScope(leak);
        try {
            TokenEndpoint.Answer token = approved("agent-r", "openid orders:read", message("leak"), approverToken("alice")).token();
            JWTClaimsSet claims = claims(token.accessToken());
            assertThat(claims.getStringClaim("scope").split(" ")).contains("orders:read").doesNotContain("leak:approval");
            assertThat(claims.getClaims()).doesNotContainKey("leak_marker");
            assertThat(claims.getAudience()).containsExactly("orders-api");
            assertThat(claims((String) token.body().get("id_token")).getClaims()).doesNotContainKey("leak_marker");
            com.nimbusds.oauth2.sdk.token.BearerAccessToken bearer = new com.nimbusds.oauth2.sdk.token.BearerAccessToken(token.accessToken());

            Map<String, Object> userInfo = new OidcClient(server.realmUrl(REALM)).userInfo(bearer);
            assertThat(userInfo).containsKey("act").doesNotContainKey("leak_marker");

            Map<String, Object> introspection = new OidcClient(server.realmUrl(REALM)).introspect(
                    OidcClient.secret("orders-api", DelegationRealm.SECRET), bearer);
            assertThat(introspection).containsEntry("active", true).doesNotContainKey("leak_marker");
            assertThat(introspection.get("scope")).isEqualTo(claims.getStringClaim("scope"));
            assertThat(((String) introspection.get("scope")).split(" ")).doesNotContain("leak:approval");
        } finally {
            DelegationRealm.client(realm, "agent-r").removeDefaultClientScope(leak);
        }
    }

    @Test
    void malformedParametersAre400NamingTheParameter() throws Exception {
        assertBad(ciba("agent", "alice", IRREVERSIBLE, null), "binding_message");
        assertBad(ciba("agent", "alice", IRREVERSIBLE, "has spaces in it"), "binding_message");
        assertBad(ciba("agent", null, IRREVERSIBLE, message("nohint")), "login_hint");
        assertBad(ciba("agent", "alice", null, message("noscope")), "scope");
        assertBad(ciba("agent", "nobody-here", IRREVERSIBLE, message("nobody")), "user");

        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of(Approvals.CIBA_GRANT));
        TokenEndpoint.Answer missing = endpoint.post(agent("agent"), form);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.description()).contains("auth_req_id");
        form.put("auth_req_id", List.of("not-a-request"));
        TokenEndpoint.Answer garbage = endpoint.post(agent("agent"), form);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.error()).isEqualTo("invalid_grant");

        HttpResponse<String> anonymous = request(REALM, null, "GET", "api/approvals", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> noPage = request(REALM, null, "GET", "nothing.js", null);
        assertThat(noPage.statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTokensOfTheApprovalClientDecide() throws Exception {
        approverToken("alice"); // a step-up session in alice's browser
        Chromium browser = browsers.get(REALM + "/alice");
        TokenEndpoint.Answer agentsToken;
        try (CallbackServer callback = CallbackServer.start()) {
            URI redirect = callback.redirectUri();
            ClientRepresentation agentClient = DelegationRealm.client(realm, "agent").toRepresentation();
            List<String> redirects = new ArrayList<>(agentClient.getRedirectUris());
            redirects.add(redirect.toString());
            agentClient.setRedirectUris(redirects);
            DelegationRealm.client(realm, "agent").update(agentClient);
            browser.authorize(server.realmUrl(REALM), "agent", redirect, Map.of());
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.REDIRECTED);
            Map<String, List<String>> form = new LinkedHashMap<>();
            form.put("grant_type", List.of("authorization_code"));
            form.put("code", List.of(browser.redirectParameters().get("code")));
            form.put("redirect_uri", List.of(redirect.toString()));
            agentsToken = endpoint.post(agent("agent"), form);
        }
        assertThat(agentsToken.ok()).as(agentsToken.describe()).isTrue();
        HttpResponse<String> answer = request(REALM, agentsToken.accessToken(), "GET", "api/approvals", null);
        assertThat(answer.statusCode()).as("alice's token, but of the agent's client").isEqualTo(403);
        assertThat(answer.body()).contains("idgov-approval");
    }

    @Test
    void monitorRecordsWhatEnforceRefusesAndLetsTheRequestThrough() throws Exception {
        monitorRealm();
        HttpResponse<String> plain = cibaIn(MONITOR, "plain-svc", "alice", "openid", message("monitor"));
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=service-account-plain-svc policy=delegation-approval reason=\"client plain-svc is not an ai-agent"),
                "the would-deny record of the monitor realm");
    }

    // --- helpers ---

    private void assertBad(HttpResponse<String> answer, String parameter) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains(parameter);
    }

    private String message(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + messages.incrementAndGet();
    }

    private HttpResponse<String> ciba(String agent, String loginHint, String scope, String bindingMessage) throws Exception {
        return cibaIn(REALM, agent, loginHint, scope, bindingMessage);
    }

    private HttpResponse<String> cibaIn(String realmName, String agent, String loginHint, String scope, String bindingMessage) throws Exception {
        return approvals(realmName).ciba(agent, DelegationRealm.SECRET, loginHint, scope, bindingMessage, Map.of());
    }

    /** A request of {@code agent} for alice approved by {@code approverToken}'s person, end to end (each step checked). */
    private Approvals.Approved approved(String agent, String scope, String message, String approverToken) throws Exception {
        return approvals(REALM).approvedToken(agent, DelegationRealm.SECRET, "alice", scope, message, approverToken);
    }

    private static Map<String, Object> requireStarted(HttpResponse<String> answer) throws Exception {
        Approvals.authReqId(answer);
        return JSONObjectUtils.parse(answer.body());
    }

    private TokenEndpoint.Answer poll(String agent, String authReqId) {
        return approvals(REALM).poll(agent(agent), Map.of("auth_req_id", authReqId));
    }

    private TokenEndpoint.Answer pollIn(String realmName, String authReqId) {
        return approvals(realmName).poll(agent("agent"), Map.of("auth_req_id", authReqId));
    }

    private Approvals approvals(String realmName) {
        return approvals.computeIfAbsent(realmName, name -> new Approvals(server, name));
    }

    private static ClientAuthentication agent(String clientId) {
        return OidcClient.secret(clientId, DelegationRealm.SECRET);
    }

    private String approverToken(String username) throws Exception {
        return approverToken(REALM, username);
    }

    /** A token of the approval client: the authorization-code flow with PKCE in Chromium, password and a real TOTP code. */
    private String approverToken(String realmName, String username) throws Exception {
        Chromium browser = browsers.computeIfAbsent(realmName + "/" + username, k -> Chromium.start());
        TokenEndpoint.Answer answer = approvals(realmName).approverToken(browser, (page, back) -> login(page, back, realmName, username));
        assertThat(claims(answer.accessToken()).getStringClaim("acr")).isEqualTo("2");
        return answer.accessToken();
    }

    /** The approval page in a browser logged in (step-up) as the user. */
    private Chromium loggedIn(String username, String page) throws Exception {
        Chromium browser = browsers.computeIfAbsent(REALM + "/" + username, k -> Chromium.start());
        browser.driver().get(page);
        login(browser, URI.create(page), REALM, username);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> "true".equals(
                d.findElement(By.tagName("body")).getDomAttribute("data-loaded")));
        return browser;
    }

    private void login(Chromium browser, URI back, String realmName, String username) throws Exception {
        Page next = browser.waitForPage(back);
        if (next == Page.USERNAME_PASSWORD) {
            browser.submitPassword(username, Realms.PASSWORD);
            next = browser.waitForPage(back);
        }
        if (next == Page.OTP) {
            browser.submitOtp(totp.computeIfAbsent(username, u -> new Totp(otpSecret(u))).freshCode());
            next = browser.waitForPage(back);
        }
        assertThat(next).as(browser.text()).isEqualTo(Page.REDIRECTED);
    }

    private List<String> pendingIds(String token) throws Exception {
        return pendingIds(REALM, token);
    }

    private List<String> pendingIds(String realmName, String token) throws Exception {
        return approvals(realmName).pending(token).stream().map(item -> (String) item.get("id")).toList();
    }

    private String pendingId(String token, String message) throws Exception {
        return approvals(REALM).pendingId(token, message);
    }

    /** The id of an approval from its request record in the server log (an expired one is no longer listed). */
    private String approvalIdInLog(String message) {
        java.util.regex.Pattern id = java.util.regex.Pattern.compile("approval ([0-9a-f-]{36}) requested from alice[^\\n]*binding_message '" + message + "'");
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(server.logFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String line : lines) {
            java.util.regex.Matcher m = id.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no approval request record for " + message);
    }

    /** Whether one line of the server log contains all of {@code parts}. */
    private boolean logHasLine(String... parts) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(server.logFile())) {
            return lines.anyMatch(line -> java.util.Arrays.stream(parts).allMatch(line::contains));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<String> decide(String token, String id, String decision) throws Exception {
        return approvals(REALM).decide(token, id, decision);
    }

    private HttpResponse<String> request(String realmName, String token, String method, String path, String form) throws Exception {
        return approvals(realmName).request(token, method, path, form);
    }

    private void setApprovers(String policy) {
        RealmRepresentation rep = realm.toRepresentation();
        Map<String, String> attributes = new HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
        if (policy == null) {
            attributes.remove("idgov.approval.approvers");
        } else {
            attributes.put("idgov.approval.approvers", policy);
        }
        rep.setAttributes(attributes);
        realm.update(rep);
    }

    private static JWTClaimsSet claims(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    private static String otpSecret(String username) {
        return "approval-otp-of-" + username + "-2026";
    }

    private static UserRepresentation withOtp(UserRepresentation user) {
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel("phone");
        otp.setSecretData("{\"value\":\"" + otpSecret(user.getUsername()) + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        List<CredentialRepresentation> credentials = new ArrayList<>(user.getCredentials() == null ? List.of() : user.getCredentials());
        credentials.add(otp);
        user.setCredentials(credentials);
        return user;
    }
}

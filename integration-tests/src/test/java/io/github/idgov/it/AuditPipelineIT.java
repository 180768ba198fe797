package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idgov.it.harness.AuditSettings;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AuditFile;
import io.github.idgov.it.support.AuditReceiver;
import io.github.idgov.it.support.CallbackServer;
import io.github.idgov.it.support.Chromium;
import io.github.idgov.it.support.Chromium.Page;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.StepUpRealm;
import io.github.idgov.it.support.Totp;
import io.github.idgov.it.support.VerifyCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The audit pipeline end to end: events of a governed realm become records tagged with the principal's class,
 * committed through the outbox to a hash-chained file, a real HTTP receiver and the log; rolled-back operations
 * leave nothing; secrets never leave; a slow receiver is retried without holding up logins.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditPipelineIT {

    private static final String REALM = "audit-pipeline";
    private static final String SECRET = "audit-svc-secret-1";
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakServer server;
    private AuditSettings audit;
    private AuditReceiver receiver;
    private RealmResource realm;

    @BeforeAll
    void setUp(KeycloakServer server, AuditSettings audit) throws IOException {
        this.server = server;
        this.audit = audit;
        // the first batches are refused: the sink must retry, not lose them
        receiver = new AuditReceiver(audit.httpPort(), AuditSettings.HTTP_PATH, AuditSettings.HTTP_SECRET, 2);
        RealmRepresentation rep = Realms.governed(REALM, "enforce");
        rep.setAdminEventsEnabled(true);
        rep.setAdminEventsDetailsEnabled(true);
        rep.getClients().add(Realms.serviceClient("svc", SECRET));
        rep.getUsers().add(Realms.serviceAccountUser("svc", Realms.machine("service-account")));
        realm = Realms.create(server, rep);
    }

    @AfterAll
    void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void governedRealmRunsTheAuditListener() {
        assertThat(realm.getRealmEventsConfig().getEventsListeners()).contains("idgov-audit");
    }

    @Test
    void userAndServiceAccountEventsAreTaggedWithTheirClass() throws Exception {
        OidcClient oidc = new OidcClient(server.realmUrl(REALM));
        oidc.password("app", "olivia", Realms.PASSWORD).requireSuccess();
        oidc.clientCredentials(OidcClient.secret("svc", SECRET)).requireSuccess();

        Map<String, Object> login = awaitFileRecord(r -> "LOGIN".equals(r.get("type")) && "olivia".equals(principal(r).get("username")));
        assertThat(principal(login)).containsEntry("class", "human").containsEntry("class_derived", true);
        assertThat(login).containsEntry("source", "user").containsEntry("outcome", "success").containsEntry("realm", REALM)
                .containsEntry("client", "app");

        Map<String, Object> clientLogin = awaitFileRecord(r -> "CLIENT_LOGIN".equals(r.get("type")));
        assertThat(principal(clientLogin)).containsEntry("class", "service-account").containsEntry("owner", "olivia")
                .containsEntry("client_id", "svc").containsEntry("class_derived", false);
    }

    /** Label order differs between Prometheus exposition versions: each label is looked for on its own. */
    private static final java.util.regex.Pattern ENQUEUE_COUNT = java.util.regex.Pattern.compile(
            "(?m)^idgov_audit_enqueue_seconds_count\\{(?=[^}]*source=\"user\")[^}]*} [1-9]");
    private static final java.util.regex.Pattern ENQUEUE_MICROSECOND_BUCKET = java.util.regex.Pattern.compile(
            "(?m)^idgov_audit_enqueue_seconds_bucket\\{(?=[^}]*source=\"user\")(?=[^}]*le=\"[0-9.]+E-6\")[^}]*} ");

    @Test
    void thePipelineReportsItsMetricsOnTheManagementEndpoint() throws Exception {
        new OidcClient(server.realmUrl(REALM)).clientCredentials(OidcClient.secret("svc", SECRET)).requireSuccess();
        awaitFileRecord(r -> "CLIENT_LOGIN".equals(r.get("type")));
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.managementUrl() + "/metrics")).build();
        server.waitFor(DELIVERY, () -> {
            try {
                String metrics = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                return metrics.matches("(?s).*idgov_audit_records_total\\{[^}]*class=\"service-account\"[^}]*type=\"CLIENT_LOGIN\".*")
                        && metrics.matches("(?s).*idgov_audit_delivered_total\\{[^}]*sink=\"file\".*")
                        && metrics.contains("idgov_audit_backlog{")
                        && metrics.contains("idgov_audit_delivery_lag_seconds")
                        // the listener's own time on the request thread, a histogram with buckets of microseconds (the bench reads them)
                        && ENQUEUE_COUNT.matcher(metrics).find() && ENQUEUE_MICROSECOND_BUCKET.matcher(metrics).find();
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, "the audit meters on " + server.managementUrl() + "/metrics");
    }

    @Test
    void aDenialOfThePackIsAnAuditRecordWithItsDecision() throws Exception {
        String clientId = "expired-svc-" + UUID.randomUUID().toString().substring(0, 8);
        realm.clients().create(Realms.serviceClient(clientId, "expired-svc-secret-1")).close();
        var serviceAccount = realm.clients().get(realm.clients().findByClientId(clientId).get(0).getId()).getServiceAccountUser();
        var user = realm.users().get(serviceAccount.getId()).toRepresentation();
        Realms.machine("service-account").forEach(user::singleAttribute);
        user.singleAttribute("identity_expires_at", java.time.LocalDate.now().minusDays(1).toString());
        realm.users().get(serviceAccount.getId()).update(user);

        var refused = new OidcClient(server.realmUrl(REALM)).clientCredentials(OidcClient.secret(clientId, "expired-svc-secret-1"));
        assertThat(refused.error()).as("an expired service account gets no token").isNotNull();

        Map<String, Object> decision = awaitFileRecord(r -> "DECISION".equals(r.get("type"))
                && ("service-account-" + clientId).equals(principal(r).get("username")));
        assertThat(decision).containsEntry("source", "lifecycle").containsEntry("outcome", "error");
        assertThat(principal(decision)).containsEntry("class", "service-account").containsEntry("owner", "olivia");
        @SuppressWarnings("unchecked")
        Map<String, Object> verdict = (Map<String, Object>) decision.get("decision");
        assertThat(verdict).containsEntry("policy", "lifecycle-expiry").containsEntry("result", "deny");
    }

    @Test
    void errorEventsAreRecordedToo() throws Exception {
        var refused = new OidcClient(server.realmUrl(REALM)).password("app", "olivia", "wrong-password");
        assertThat(refused.error()).isNotNull();
        Map<String, Object> error = awaitFileRecord(r -> "LOGIN_ERROR".equals(r.get("type")));
        assertThat(error).containsEntry("outcome", "error").containsEntry("error", "invalid_user_credentials");
    }

    @Test
    void everySinkGetsTheRecordsAndTheHttpSinkRetriesUntilTheReceiverTakesThem() throws Exception {
        String marker = "audit-marker-" + UUID.randomUUID();
        Realms.createdId(realm.users().create(Realms.human(marker, true)));
        awaitFileRecord(r -> r.toString().contains(marker));
        server.waitFor(DELIVERY, () -> receiver.accepted().contains(marker), "the HTTP receiver to get the record of " + marker);
        server.waitFor(DELIVERY, () -> server.logContains(marker), "the log sink to print the record of " + marker);
        assertThat(receiver.refusedBatches()).as("503 answers retried").isEqualTo(2);
        assertThat(receiver.badSignatures()).as("every batch signed with the shared secret").isEmpty();
    }

    @Test
    void anEventTypeTheOperatorExcludedIsLeftOutAndTheOthersAreNot() throws Exception {
        // the shared server runs with exclude-types=USER_INFO_REQUEST (AuditSettings)
        OidcClient oidc = new OidcClient(server.realmUrl(REALM));
        var tokens = oidc.password("app", "olivia", Realms.PASSWORD).requireSuccess();
        assertThat(oidc.userInfo(tokens.accessToken())).containsEntry("preferred_username", "olivia");

        // the same endpoint's error event is another type, not excluded: its record follows the success's
        String token = tokens.accessToken().getValue();
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        var http = java.net.http.HttpClient.newHttpClient();
        var refused = http.send(java.net.http.HttpRequest.newBuilder(URI.create(server.realmUrl(REALM) + "/protocol/openid-connect/userinfo"))
                .header("Authorization", "Bearer " + forged).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        awaitFileRecord(r -> "USER_INFO_REQUEST_ERROR".equals(r.get("type")));
        assertThat(auditFile().lines()).noneMatch(line -> line.contains("\"type\":\"USER_INFO_REQUEST\""));
    }

    @Test
    void aRolledBackAdminOperationLeavesNoRecord() throws Exception {
        String marker = "rolled-back-" + UUID.randomUUID();
        RealmRepresentation update = realm.toRepresentation();
        update.setDisplayName(marker);
        update.getAttributes().put("idgov.mode", "not-a-mode"); // refused at commit: the whole update rolls back
        assertThat(catchThrowable(() -> realm.update(update))).isNotNull();

        String committed = "committed-after-" + UUID.randomUUID();
        RealmRepresentation next = realm.toRepresentation();
        next.setDisplayName(committed);
        realm.update(next);
        awaitFileRecord(r -> r.toString().contains(committed));
        server.waitFor(DELIVERY, () -> receiver.accepted().contains(committed), "the committed update at the HTTP sink");
        assertThat(Files.readString(audit.file())).doesNotContain(marker);
        assertThat(receiver.accepted()).doesNotContain(marker);
    }

    /**
     * Here the record is written first and the operation fails after it: a role description longer than Keycloak's
     * column is refused by the database only when the transaction flushes at commit, after the listener wrote the
     * (short, so plain-JDBC) outbox row in the same transaction. The row must go with the rollback.
     */
    @Test
    void aRecordWrittenBeforeTheDatabaseRefusesTheCommitGoesWithTheRollback() throws Exception {
        String role = "rollback-role-" + UUID.randomUUID();
        realm.roles().create(new RoleRepresentation(role, "fits", false));
        RoleRepresentation stored = realm.roles().get(role).toRepresentation();

        String marker = "refused-at-commit-" + UUID.randomUUID();
        stored.setDescription(marker + "-" + "x".repeat(300)); // KEYCLOAK_ROLE.DESCRIPTION holds 255 characters
        assertThat(catchThrowable(() -> realm.rolesById().updateRole(stored.getId(), stored))).isNotNull();

        String committed = "committed-after-" + UUID.randomUUID();
        stored.setDescription(committed);
        realm.rolesById().updateRole(stored.getId(), stored);
        Map<String, Object> record = awaitFileRecord(r -> r.toString().contains(committed));
        assertThat(JSON.writeValueAsString(record).length()).as("a record of the plain column").isLessThan(2000);
        server.waitFor(DELIVERY, () -> receiver.accepted().contains(committed), "the committed update at the HTTP sink");
        assertThat(realm.roles().get(role).toRepresentation().getDescription()).isEqualTo(committed);
        assertThat(Files.readString(audit.file())).doesNotContain(marker);
        assertThat(receiver.accepted()).doesNotContain(marker);
    }

    /** A short record is kept in the outbox's plain column, a long one in its large-object column: both arrive whole. */
    @Test
    void shortAndLongRecordsArriveWhole() throws Exception {
        String shortMarker = "short-" + UUID.randomUUID();
        Realms.createdId(realm.users().create(Realms.human(shortMarker, true)));
        String longMarker = "long-" + UUID.randomUUID() + "-" + "x".repeat(3000);
        RealmRepresentation update = realm.toRepresentation();
        update.setDisplayNameHtml(longMarker);
        realm.update(update);

        Map<String, Object> shortRecord = awaitFileRecord(r -> r.toString().contains(shortMarker));
        Map<String, Object> longRecord = awaitFileRecord(r -> r.toString().contains(longMarker));
        assertThat(JSON.writeValueAsString(shortRecord).length()).as("fits the plain column").isLessThan(2000);
        assertThat(JSON.writeValueAsString(longRecord).length()).as("needs the large-object column").isGreaterThan(3000);
        server.waitFor(DELIVERY, () -> receiver.accepted().contains(longMarker) && receiver.accepted().contains(shortMarker),
                "the HTTP sink to get both records whole");
    }

    @Test
    void secretsNeverLeaveThePipeline() throws Exception {
        String password = "Pw-" + UUID.randomUUID();
        String userId = Realms.createdId(realm.users().create(Realms.human("secret-keeper-" + UUID.randomUUID(), true)));
        CredentialRepresentation reset = new CredentialRepresentation();
        reset.setType(CredentialRepresentation.PASSWORD);
        reset.setValue(password);
        reset.setTemporary(false);
        realm.users().get(userId).resetPassword(reset);

        String created = "created-with-password-" + UUID.randomUUID();
        UserRepresentation withPassword = Realms.human(created, true);
        String initialPassword = "Initial-" + UUID.randomUUID();
        withPassword.getCredentials().get(0).setValue(initialPassword);
        Realms.createdId(realm.users().create(withPassword));

        // a client of its own: the other tests keep using svc's secret
        String rotatedId = Realms.createdId(realm.clients().create(Realms.serviceClient("svc-rotated-" + UUID.randomUUID(), "initial-secret-1")));
        String regenerated = realm.clients().get(rotatedId).generateNewSecret().getValue();
        // OTP: a credential an administrator imports with a user, and one the user enrols in the browser
        String importedOtp = "imported-otp-" + UUID.randomUUID();
        String otpHolder = "otp-imported-" + UUID.randomUUID();
        Realms.createdId(realm.users().create(StepUpRealm.withOtp(Realms.human(otpHolder, true), importedOtp)));
        String enrolling = "otp-enrolling-" + UUID.randomUUID();
        String enrolledBase32 = enrolOtpInTheBrowser(enrolling);
        String enrolledOtp = Totp.keyOfBase32(enrolledBase32);
        awaitFileRecord(r -> "CREDENTIAL_ADDED".equals(r.get("type")) && enrolling.equals(principal(r).get("username"))
                && r.toString().contains("otp"));

        String marker = "after-secrets-" + UUID.randomUUID();
        Realms.createdId(realm.users().create(Realms.human(marker, true)));

        awaitFileRecord(r -> r.toString().contains(marker));
        server.waitFor(DELIVERY, () -> receiver.accepted().contains(marker), "the HTTP sink to catch up");
        server.waitFor(DELIVERY, () -> server.logContains(marker), "the log sink to catch up");
        String file = Files.readString(audit.file());
        assertThat(file).contains(created).contains(rotatedId + "/client-secret").contains(otpHolder);
        for (String secret : List.of(password, initialPassword, regenerated, importedOtp, enrolledOtp, enrolledBase32)) {
            assertThat(file).doesNotContain(secret);
            assertThat(receiver.accepted()).doesNotContain(secret);
            assertThat(Files.readString(server.logFile())).doesNotContain(secret);
        }
    }

    /** The user sets up OTP on Keycloak's page (required action CONFIGURE_TOTP) with a real code; returns the key shown. */
    private String enrolOtpInTheBrowser(String username) throws Exception {
        UserRepresentation user = Realms.human(username, true);
        user.setRequiredActions(List.of("CONFIGURE_TOTP"));
        Realms.createdId(realm.users().create(user));
        try (CallbackServer callback = CallbackServer.start(); Chromium browser = Chromium.start()) {
            URI redirect = callback.redirectUri();
            ClientRepresentation app = Realms.publicApp("otp-app-" + UUID.randomUUID());
            app.setRedirectUris(List.of(redirect.toString()));
            Realms.createdId(realm.clients().create(app));
            browser.authorize(server.realmUrl(REALM), app.getClientId(), redirect, Map.of());
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.USERNAME_PASSWORD);
            browser.submitPassword(username, Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).isEqualTo(Page.CONFIGURE_OTP);
            String key = browser.totpSecretFromEnrolmentPage();
            browser.submitOtpEnrolment(Totp.ofBase32(key).freshCode());
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Page.REDIRECTED);
            return key;
        }
    }

    @Test
    void aSlowReceiverIsRetriedAndGetsTheRecordsLaterWhileLoginsGoOn() throws Exception {
        // held 5 s, the sink waits 2 s (the shared server's http-timeout-ms): every attempt times out
        receiver.answerAfter(Duration.ofSeconds(5));
        List<String> sessions = new ArrayList<>();
        try {
            OidcClient oidc = new OidcClient(server.realmUrl(REALM));
            for (int i = 0; i < 3; i++) {
                sessions.add(oidc.password("app", "olivia", Realms.PASSWORD).requireSuccess().accessClaims().getStringClaim("sid"));
            }
            // each login is done and its record in the file while the HTTP sink's attempts carrying it time out
            for (String session : sessions) {
                awaitFileRecord(r -> "LOGIN".equals(r.get("type")) && session.equals(r.get("session")));
            }
            server.waitFor(DELIVERY, () -> sessions.stream().allMatch(receiver.held()::contains),
                    "the HTTP sink to send the logins' records to the slow receiver");
            assertThat(sessions).noneMatch(receiver.accepted()::contains);
        } finally {
            receiver.answerAfter(Duration.ZERO);
        }
        server.waitFor(DELIVERY, () -> sessions.stream().allMatch(receiver.accepted()::contains),
                "the records retried and delivered once the receiver answers in time");
        assertThat(receiver.badSignatures()).isEmpty();
    }

    @Test
    void theFileVerifiesWithTheCommandInThePackAndEveryTamperingIsCaught(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Realms.createdId(realm.users().create(Realms.human("chain-" + UUID.randomUUID(), true)));
        awaitFileRecord(r -> String.valueOf(r.get("type")).startsWith("USER_CREATE"));
        server.waitFor(DELIVERY, () -> auditFile().lines().size() >= 4, "a few chained records");
        // the checkpoint follows the records within the checkpoint interval (and the next idle pass)
        server.waitFor(DELIVERY, () -> checkpointSeq() >= 4, "a checkpoint vouching for a few records");

        // a consistent snapshot: the checkpoint first, then at least the lines it vouches for
        String checkpoint = Files.readString(audit.checkpointFile());
        Map<String, Object> vouched = JSON.readValue(checkpoint, new TypeReference<>() { });
        int count = ((Number) vouched.get("seq")).intValue();
        List<String> lines = auditFile().lines().subList(0, count);

        Map<String, List<String>> variants = new java.util.LinkedHashMap<>();
        variants.put("intact", lines);
        variants.put("edited", replace(lines, 1, lines.get(1).replace("\"realm\":\"", "\"realm\":\"x")));
        variants.put("deleted", remove(lines, 1));
        variants.put("inserted", insert(lines, 1, lines.get(2)));
        variants.put("reordered", swap(lines, 1, 2));
        variants.put("truncated", lines.subList(0, count - 1));
        for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
            Path copy = dir.resolve(variant.getKey() + ".jsonl");
            Files.write(copy, variant.getValue());
            Files.writeString(copy.resolveSibling(copy.getFileName() + ".checkpoint"), checkpoint);
            VerifyCommand.Result result = VerifyCommand.run(copy, AuditSettings.CHECKPOINT_KEY);
            if (variant.getKey().equals("intact")) {
                assertThat(result.exitCode()).as("intact copy: %s", result.output()).isZero();
                assertThat(result.output()).contains("OK, " + count + " records");
            } else {
                assertThat(result.exitCode()).as("%s copy must fail: %s", variant.getKey(), result.output()).isEqualTo(1);
                assertThat(result.output()).contains("BROKEN");
            }
        }
    }

    // --- helpers

    private long checkpointSeq() {
        try {
            Map<String, Object> checkpoint = JSON.readValue(Files.readString(audit.checkpointFile()), new TypeReference<>() { });
            return ((Number) checkpoint.get("seq")).longValue();
        } catch (java.io.IOException e) {
            return 0; // not written yet, or replaced while read
        }
    }

    private Map<String, Object> awaitFileRecord(java.util.function.Predicate<Map<String, Object>> match) {
        return auditFile().await(DELIVERY, "a matching record", match);
    }

    private AuditFile auditFile() {
        return new AuditFile(server, audit.file(), REALM);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> principal(Map<String, Object> record) {
        return (Map<String, Object>) record.get("principal");
    }

    private static List<String> replace(List<String> lines, int index, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(index, line);
        return copy;
    }

    private static List<String> remove(List<String> lines, int index) {
        List<String> copy = new ArrayList<>(lines);
        copy.remove(index);
        return copy;
    }

    private static List<String> insert(List<String> lines, int index, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.add(index, line);
        return copy;
    }

    private static List<String> swap(List<String> lines, int a, int b) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(a, lines.get(b));
        copy.set(b, lines.get(a));
        return copy;
    }
}

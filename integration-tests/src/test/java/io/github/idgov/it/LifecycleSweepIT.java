package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The cluster-aware lifecycle sweep, on a server of its own with a 2-second interval (so it cannot touch the
 * shared server's realms): expired machines are disabled, reviews due soon and overdue are flagged, client secrets
 * past their maximum age are reported, and a run over unchanged data changes and records nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleSweepIT {

    private static final String REALM = "lifecycle-sweep";
    private static final String SECRET = "lifecycle-sweep-secret";

    private KeycloakDistribution distribution;
    private KeycloakServer server;
    private RealmResource realm;
    private String realmId;

    @BeforeAll
    void startServerWithAFastSweep() throws Exception {
        distribution = KeycloakDistribution.fromSystemProperties("keycloak-sweep").database(Database.devFile()).freshData(true)
                .startTimeout(java.time.Duration.ofMinutes(10))
                .startOptions("--spi-events-listener--idgov-lifecycle--sweep-interval-seconds=2",
                        "--spi-events-listener--idgov-lifecycle--sweep-batch-size=2");
        distribution.install();
        server = distribution.start();
        realm = Realms.create(server, realm());
        realmId = realm.toRepresentation().getId();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void disablesExpiredMachinesFlagsReviewsAndIsIdempotent() throws Exception {
        Duration generous = Duration.ofSeconds(120);
        server.waitFor(generous, () -> !Principals.serviceAccount(realm, "svc-expired").toRepresentation().isEnabled(),
                "the sweep disables the expired service account");
        server.waitFor(generous, () -> status("hugo-due").equals(List.of("review-due")), "review due soon flagged");
        server.waitFor(generous, () -> status("rex-overdue").equals(List.of("review-overdue")), "review overdue flagged");
        assertThat(Principals.serviceAccount(realm, "svc-expired").toRepresentation().getAttributes())
                .containsEntry("identity_review_status", List.of("expired"));
        assertThat(Principals.serviceAccount(realm, "svc-fine").toRepresentation().isEnabled()).isTrue();
        assertThat(Principals.serviceAccount(realm, "svc-fine").toRepresentation().getAttributes()).doesNotContainKey("identity_review_status");
        assertThat(new Grants(server.realmUrl(REALM)).clientCredentials(OidcClient.secret("svc-expired", SECRET)).refused()).isTrue();
        new Grants(server.realmUrl(REALM)).clientCredentials(OidcClient.secret("svc-fine", SECRET)).requireSuccess();
        server.waitFor(generous, () -> count("principal=service-account-svc-expired policy=lifecycle-expiry reason=\"[^\"]*disabled by the lifecycle sweep") == 1,
                "the suspension is one decision");
        server.waitFor(generous, () -> count("lifecycle=DISABLED realm=" + REALM + " principal=service-account-svc-expired by=system details=\\{policy=lifecycle-expiry\\}") == 1,
                "the suspension is one lifecycle record, by the system");

        // idempotent: two further complete runs change and record nothing
        int decisions = count("decision=\\S+ realm=" + REALM + " ");
        int runs = count("Lifecycle sweep of realm " + realmId + ": \\d+ identities, 0 changes");
        server.waitFor(generous, () -> count("Lifecycle sweep of realm " + realmId + ": \\d+ identities, 0 changes") >= runs + 2,
                "two more sweep runs without changes");
        assertThat(count("decision=\\S+ realm=" + REALM + " ")).isEqualTo(decisions);
        assertThat(status("hugo-due")).containsExactly("review-due");
        assertThat(Principals.serviceAccount(realm, "svc-expired").toRepresentation().isEnabled()).isFalse();
    }

    /**
     * A machine neither logged in nor given a token for longer than its class allows is flagged stale (a finding:
     * it still gets tokens); its next token records the day of use, and the next sweep clears the flag.
     */
    @Test
    void flagsStaleIdentitiesUntilTheyAreUsedAgain() throws Exception {
        Duration generous = Duration.ofSeconds(120);
        server.waitFor(generous, () -> status(Principals.serviceAccount(realm, "svc-idle")).equals(List.of("stale")),
                "the sweep flags the idle service account stale");
        assertThat(status(Principals.serviceAccount(realm, "svc-fine"))).as("used or young identities are not stale").isEmpty();
        server.waitFor(generous, () -> count("decision=allow realm=" + REALM + " principal=service-account-svc-idle policy=lifecycle-stale "
                + "reason=\"service-account-svc-idle: no login or token since creation on \\S+, longer than the 90 days allowed") == 1,
                "the stale finding is one decision (allow: a finding, not a denial)");

        // the review index holds the day of use; wait until the realm's index is built so the token's use is kept
        server.waitFor(generous, () -> realm.toRepresentation().getAttributes().containsKey("idgov.identity-index"), "the review index is ready");
        new Grants(server.realmUrl(REALM)).clientCredentials(OidcClient.secret("svc-idle", SECRET)).requireSuccess();
        server.waitFor(generous, () -> status(Principals.serviceAccount(realm, "svc-idle")).isEmpty(),
                "used today: the next sweep clears the stale flag");
    }

    /**
     * A machine without the attributes its class requires (a service account created with its client) is flagged
     * incomplete with one governance-attributes decision, the token gate's reason; completed, the next sweep clears it.
     */
    @Test
    void flagsIncompleteMachinesUntilTheyAreCompleted() throws Exception {
        Duration generous = Duration.ofSeconds(120);
        realm.clients().create(Realms.serviceClient("svc-bare", SECRET)).close();
        server.waitFor(generous, () -> status(Principals.serviceAccount(realm, "svc-bare")).equals(List.of("incomplete")),
                "the sweep flags the service account without owner, purpose and expiry incomplete");
        server.waitFor(generous, () -> count("decision=deny realm=" + REALM + " principal=service-account-svc-bare policy=governance-attributes"
                + " reason=\"service-account-svc-bare: a service-account needs identity_owner, identity_purpose, identity_expires_at;"
                + "[^\"]*\\[lifecycle sweep: flagged incomplete\\]") == 1, "the incomplete flag is one decision");

        Principals.setAttributes(Principals.serviceAccount(realm, "svc-bare"), Realms.machine("service-account"));
        server.waitFor(generous, () -> status(Principals.serviceAccount(realm, "svc-bare")).isEmpty(), "completed: the next sweep clears the flag");
        assertThat(count("principal=service-account-svc-bare policy=governance-attributes")).as("flagged once").isEqualTo(1);
    }

    /**
     * A service account's client secret past the maximum age of the realm's credential policy (90 days, 7 of grace) is
     * one allow decision while the grace runs, naming the day refusals start, and one deny once the token gate refuses
     * it, each recorded once however many runs see it; regenerated, the secret is young again and nothing more is recorded.
     */
    @Test
    void reportsClientSecretsPastTheirMaximumAgeOncePerStage() throws Exception {
        Duration generous = Duration.ofSeconds(120);
        CredentialPolicyIT.configure(realm, Map.of("enforcement", "realm"));
        ClientResource client = CredentialPolicyIT.client(realm, "svc-aged");
        String finding = "realm=" + REALM + " principal=service-account-svc-aged policy=credential-secret-age"
                + " reason=\"client secret of svc-aged \\(service-account/medium\\) is ";
        Grants grants = new Grants(server.realmUrl(REALM));

        CredentialPolicyIT.setSecretCreated(client, Instant.now().minus(95, ChronoUnit.DAYS));
        server.waitFor(generous, () -> count("decision=allow " + finding + "95 days old, issued \\S+; maximum 90 days \\+ 7 days grace:"
                + " refused from \\S+, regenerate the secret before then\\. \\[lifecycle sweep: secret past-maximum\\]") == 1,
                "the secret past its maximum is one allow decision");
        twoMoreRuns(generous);
        assertThat(count(finding + "[^\"]*\\[lifecycle sweep: secret past-maximum\\]")).as("recorded once").isEqualTo(1);
        grants.clientCredentials(OidcClient.secret("svc-aged", SECRET)).requireSuccess(); // the grace: still a token

        CredentialPolicyIT.setSecretCreated(client, Instant.now().minus(98, ChronoUnit.DAYS));
        server.waitFor(generous, () -> count("decision=deny " + finding + "98 days old, issued \\S+; maximum 90 days \\+ 7 days grace:"
                + " regenerate the secret\\. \\[lifecycle sweep: secret refused\\]") == 1, "the refused secret is one deny decision");
        assertThat(grants.clientCredentials(OidcClient.secret("svc-aged", SECRET)).refused()).as("the token gate agrees").isTrue();
        twoMoreRuns(generous);
        assertThat(count(finding + "[^\"]*\\[lifecycle sweep: secret refused\\]")).as("recorded once").isEqualTo(1);

        String fresh = client.generateNewSecret().getValue();
        server.waitFor(generous, () -> !client.toRepresentation().getAttributes().containsKey("idgov.secret.age_finding"),
                "regenerated: the sweep forgets the finding");
        grants.clientCredentials(OidcClient.secret("svc-aged", fresh)).requireSuccess();
        twoMoreRuns(generous);
        assertThat(count(finding + "[^\"]*\\[lifecycle sweep: secret")).as("one finding per stage, none for the new secret").isEqualTo(2);
    }

    private void twoMoreRuns(Duration timeout) throws Exception {
        String run = "Lifecycle sweep of realm " + realmId + ": \\d+ identities, \\d+ changes";
        int runs = count(run);
        server.waitFor(timeout, () -> count(run) >= runs + 2, "two more sweep runs");
    }

    private static List<String> status(UserResource user) {
        UserRepresentation representation = user.toRepresentation();
        return representation.getAttributes() == null ? List.of()
                : representation.getAttributes().getOrDefault("identity_review_status", List.of());
    }

    private List<String> status(String username) {
        UserRepresentation user = Principals.user(realm, username).toRepresentation();
        return user.getAttributes() == null ? List.of() : user.getAttributes().getOrDefault("identity_review_status", List.of());
    }

    private int count(String regex) {
        try {
            return (int) Pattern.compile(regex).matcher(Files.readString(server.logFile())).results().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RealmRepresentation realm() {
        RealmRepresentation realm = Realms.governed(REALM, "enforce");
        realm.getClients().add(Realms.serviceClient("svc-expired", SECRET));
        realm.getClients().add(Realms.serviceClient("svc-fine", SECRET));
        Map<String, String> expired = new LinkedHashMap<>(Realms.machine("service-account"));
        expired.put("identity_expires_at", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString());
        realm.getUsers().add(Realms.serviceAccountUser("svc-expired", expired));
        realm.getUsers().add(Realms.serviceAccountUser("svc-fine", Realms.machine("service-account")));
        realm.getClients().add(Realms.serviceClient("svc-aged", SECRET));
        realm.getUsers().add(Realms.serviceAccountUser("svc-aged", Realms.machine("service-account")));
        // created 100 days ago, never used, reviewed last week: stale (service accounts: 90 days), nothing else
        realm.getClients().add(Realms.serviceClient("svc-idle", SECRET));
        Map<String, String> idle = new LinkedHashMap<>(Realms.machine("service-account"));
        idle.put("identity_last_reviewed_at", Instant.now().minus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        UserRepresentation idleAccount = Realms.serviceAccountUser("svc-idle", idle);
        idleAccount.setCreatedTimestamp(Instant.now().minus(100, ChronoUnit.DAYS).toEpochMilli());
        realm.getUsers().add(idleAccount);
        UserRepresentation due = Realms.principal("hugo-due", Map.of("identity_review_cadence_days", "30"));
        due.setCreatedTimestamp(Instant.now().minus(20, ChronoUnit.DAYS).toEpochMilli());
        realm.getUsers().add(due);
        UserRepresentation overdue = Realms.principal("rex-overdue", Map.of());
        overdue.setCreatedTimestamp(Instant.now().minus(400, ChronoUnit.DAYS).toEpochMilli());
        realm.getUsers().add(overdue);
        return realm;
    }

}

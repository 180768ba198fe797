package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Lifecycle events that cannot wait for a sweep: disabling or deleting a person handles what they own or sponsor
 * at once (cascade suspend or flag), and a reclassification blocks tokens until a review.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleEventsIT {

    private static final String SUSPEND = "lifecycle-suspend";
    private static final String FLAG = "lifecycle-flag";
    private static final String RECLASSIFY = "lifecycle-reclassify";
    private static final String SECRET = "lifecycle-events-secret";

    private KeycloakServer server;
    private RealmResource suspend;
    private RealmResource flag;
    private RealmResource reclassify;

    @BeforeAll
    void createRealms(KeycloakServer server) {
        this.server = server;
        suspend = Realms.create(server, cascadeRealm(SUSPEND, "suspend"));
        flag = Realms.create(server, cascadeRealm(FLAG, "flag"));
        RealmRepresentation realm = Realms.governed(RECLASSIFY, "enforce");
        realm.getClients().add(Realms.publicApp("app2"));
        // machines log in with client credentials (a password grant is refused to them: MachineLoginIT)
        for (Map.Entry<String, Map<String, String>> machine : Map.of("aria", agent("observe"), "lowa", agent("act"),
                "cliff", Realms.machine("bot")).entrySet()) {
            realm.getClients().add(Realms.serviceClient(machine.getKey(), SECRET));
            realm.getUsers().add(Realms.serviceAccountUser(machine.getKey(), machine.getValue()));
        }
        reclassify = Realms.create(server, realm);
    }

    @Test
    void disablingAnOwnerSuspendsBothOfItsIdentitiesAtOnce() throws Exception {
        Grants grants = new Grants(server.realmUrl(SUSPEND));
        grants.clientCredentials(OidcClient.secret("svc-paula", SECRET)).requireSuccess();
        assertThat(Principals.user(suspend, "bot-paula").toRepresentation().isEnabled()).isTrue();

        Principals.setEnabled(Principals.user(suspend, "paula"), false);

        assertThat(Principals.serviceAccount(suspend, "svc-paula").toRepresentation().isEnabled()).isFalse();
        assertThat(Principals.user(suspend, "bot-paula").toRepresentation().isEnabled()).isFalse();
        assertThat(grants.clientCredentials(OidcClient.secret("svc-paula", SECRET)).refused()).isTrue();
        // the sponsor's other agent is untouched
        assertThat(Principals.serviceAccount(suspend, "agent-sam").toRepresentation().isEnabled()).isTrue();
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + SUSPEND
                + " principal=service-account-svc-paula policy=lifecycle-orphan"), "suspension of svc-paula recorded");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + SUSPEND
                + " principal=bot-paula policy=lifecycle-orphan"), "suspension of bot-paula recorded");
    }

    @Test
    void deletingASponsorSuspendsTheAgent() throws Exception {
        Grants grants = new Grants(server.realmUrl(SUSPEND));
        grants.clientCredentials(OidcClient.secret("agent-sam", SECRET)).requireSuccess();
        suspend.users().delete(Principals.user(suspend, "sam").toRepresentation().getId()).close();
        assertThat(Principals.serviceAccount(suspend, "agent-sam").toRepresentation().isEnabled()).isFalse();
        assertThat(grants.clientCredentials(OidcClient.secret("agent-sam", SECRET)).refused()).isTrue();
    }

    @Test
    void flagCascadeKeepsTheIdentitiesFlagsThemAndTheGateStillRefusesThem() throws Exception {
        Grants grants = new Grants(server.realmUrl(FLAG));
        Principals.setEnabled(Principals.user(flag, "paula"), false);

        for (UserRepresentation dependent : List.of(Principals.serviceAccount(flag, "svc-paula").toRepresentation(),
                Principals.user(flag, "bot-paula").toRepresentation())) {
            assertThat(dependent.isEnabled()).isTrue();
            assertThat(dependent.getAttributes()).containsEntry("identity_review_status", List.of("orphaned"));
        }
        Grants.Result refused = grants.clientCredentials(OidcClient.secret("svc-paula", SECRET));
        assertThat(refused.refused()).as(refused.describe()).isTrue();
        assertThat(refused.error().getDescription()).contains("owner paula is disabled");
    }

    @Test
    void raisingAutonomyBlocksEveryTokenUntilAReview() throws Exception {
        Grants grants = new Grants(server.realmUrl(RECLASSIFY));
        var aria = OidcClient.secret("aria", SECRET);
        grants.clientCredentials(aria).requireSuccess();

        Principals.setAttributes(Principals.serviceAccount(reclassify, "aria"), Map.of("identity_autonomy", "act"));

        Map<String, List<String>> attributes = Principals.serviceAccount(reclassify, "aria").toRepresentation().getAttributes();
        assertThat(attributes).containsEntry("identity_review_status", List.of("review-required"));
        assertThat(attributes).containsKey("identity_reclassified_at");
        Grants.Result result = grants.clientCredentials(aria);
        assertThat(result.refused()).as(result.describe()).isTrue();
        assertThat(result.error().getCode()).isEqualTo("invalid_client");
        assertThat(result.error().getDescription()).contains("reclassified at");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("principal=service-account-aria policy=lifecycle-reclassified "
                + "reason=\"service-account-aria: reclassified from ai-agent (autonomy observe) to ai-agent (autonomy act) by admin"),
                "reclassified decision");

        review(reclassify, "service-account-aria", "aria");

        grants.clientCredentials(aria).requireSuccess();
    }

    @Test
    void changingTheClassRequiresAReviewButLoweringAutonomyDoesNot() throws Exception {
        Grants grants = new Grants(server.realmUrl(RECLASSIFY));
        Map<String, String> toAgent = new LinkedHashMap<>(agent("observe"));
        Principals.setAttributes(Principals.serviceAccount(reclassify, "cliff"), toAgent);
        assertThat(Principals.serviceAccount(reclassify, "cliff").toRepresentation().getAttributes())
                .containsEntry("identity_review_status", List.of("review-required"));
        assertThat(grants.clientCredentials(OidcClient.secret("cliff", SECRET)).refused()).isTrue();
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("reason=\"service-account-cliff: reclassified from bot to ai-agent"),
                "class change recorded");

        Principals.setAttributes(Principals.serviceAccount(reclassify, "lowa"), Map.of("identity_autonomy", "observe",
                "identity_purpose", "purpose changed too"));
        assertThat(Principals.serviceAccount(reclassify, "lowa").toRepresentation().getAttributes())
                .doesNotContainKeys("identity_review_status", "identity_reclassified_at");
        grants.clientCredentials(OidcClient.secret("lowa", SECRET)).requireSuccess();
    }

    /**
     * Records a review. identity_last_reviewed_at/_by are read-only in the user profile (the review endpoint is
     * another issue), so this writes them through the admin API's partial import, which stores a user
     * representation as is: the user is replaced by the same user (same id, same attributes, and password or client
     * link) plus the review fields.
     */
    private static void review(RealmResource realm, String username, String serviceAccountOf) {
        UserRepresentation user = Principals.user(realm, username).toRepresentation();
        // the overwrite replaces the user: keep the link to its client (a service account has no password)
        user.setServiceAccountClientId(serviceAccountOf);
        Map<String, List<String>> attributes = new HashMap<>(user.getAttributes());
        attributes.put("identity_last_reviewed_at", new ArrayList<>(List.of(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())));
        attributes.put("identity_last_reviewed_by", new ArrayList<>(List.of("olivia")));
        user.setAttributes(attributes);
        if (serviceAccountOf == null) {
            CredentialRepresentation password = new CredentialRepresentation();
            password.setType(CredentialRepresentation.PASSWORD);
            password.setValue(Realms.PASSWORD);
            password.setTemporary(false);
            user.setCredentials(List.of(password));
        }
        PartialImportRepresentation partial = new PartialImportRepresentation();
        partial.setIfResourceExists(PartialImportRepresentation.Policy.OVERWRITE.name());
        partial.setUsers(List.of(user));
        try (Response response = realm.partialImport(partial)) {
            assertThat(response.getStatus()).as(response.readEntity(String.class)).isEqualTo(200);
        }
    }

    private static Map<String, String> agent(String autonomy) {
        Map<String, String> attributes = new LinkedHashMap<>(Realms.machine("ai-agent"));
        attributes.put("identity_autonomy", autonomy);
        return attributes;
    }

    /** paula owns svc-paula (a client) and bot-paula (a user); sam sponsors agent-sam. */
    private static RealmRepresentation cascadeRealm(String name, String cascade) {
        RealmRepresentation realm = Realms.governed(name, "enforce");
        realm.getAttributes().put("idgov.orphan-cascade", cascade);
        realm.getUsers().add(Realms.human("paula", true));
        realm.getUsers().add(Realms.human("sam", true));
        Map<String, String> bot = new LinkedHashMap<>(Realms.machine("bot"));
        bot.put("identity_owner", "paula");
        realm.getUsers().add(Realms.principal("bot-paula", bot));
        realm.getClients().add(Realms.serviceClient("svc-paula", SECRET));
        realm.getClients().add(Realms.serviceClient("agent-sam", SECRET));
        Map<String, String> service = new LinkedHashMap<>(Realms.machine("service-account"));
        service.put("identity_owner", "paula");
        realm.getUsers().add(Realms.serviceAccountUser("svc-paula", service));
        Map<String, String> agent = new LinkedHashMap<>(Realms.machine("ai-agent"));
        agent.put("identity_sponsor", "sam");
        realm.getUsers().add(Realms.serviceAccountUser("agent-sam", agent));
        return realm;
    }

}

package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.AuditSettings;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AuditFile;
import io.github.idgov.it.support.Realms;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
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

/**
 * Lifecycle records of admin changes, through the real admin REST API: each change to an identity becomes one
 * record naming what changed (from, to) and who changed it, and no record carries a secret.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleRecordsIT {

    private static final String REALM = "lifecycle-records";
    private static final String BOT_SECRET = "records-bot-secret-1";
    private static final String NEW_PASSWORD = "Rotated-pass-4711";
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    private KeycloakServer server;
    private AuditSettings audit;
    private RealmResource realm;

    @BeforeAll
    void setUp(KeycloakServer server, AuditSettings audit) {
        this.server = server;
        this.audit = audit;
        RealmRepresentation rep = Realms.governed(REALM, "enforce");
        rep.getUsers().add(Realms.human("paul", true));
        ClientRepresentation bot = Realms.serviceClient("records-bot", BOT_SECRET);
        rep.getClients().add(bot);
        rep.getUsers().add(Realms.serviceAccountUser("records-bot", Realms.machine("bot")));
        realm = Realms.create(server, rep);
    }

    @Test
    void creatingAnIdentityRecordsItsStartingPointAndWhoCreatedIt() {
        UserRepresentation user = Realms.principal("carl", Map.of("identity_class", "human"));
        try (Response response = realm.users().create(user)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }

        Map<String, Object> record = awaitRecord(r -> "IDENTITY_CREATED".equals(r.get("type")) && "carl".equals(username(r)));
        assertThat(record.get("source")).isEqualTo("lifecycle");
        assertThat(details(record)).containsEntry("identity_class", "human").containsEntry("by", "admin")
                .containsEntry("enabled", true);
    }

    @Test
    void eachGovernanceChangeIsItsOwnRecordWithFromToAndBy() {
        UserResource bot = realm.users().get(realm.users().searchByUsername("service-account-records-bot", true).get(0).getId());
        UserRepresentation rep = bot.toRepresentation();
        String newExpiry = LocalDate.now().plusDays(20).toString();
        rep.getAttributes().put("identity_owner", List.of("paul"));
        rep.getAttributes().put("identity_expires_at", List.of(newExpiry));
        rep.getAttributes().put("identity_purpose", List.of("records test, new purpose"));
        bot.update(rep);

        Map<String, Object> owner = awaitRecord(r -> "OWNER_CHANGED".equals(r.get("type")) && username(r).endsWith("records-bot"));
        assertThat(details(owner)).containsEntry("identity_owner", Map.of("from", "olivia", "to", "paul")).containsEntry("by", "admin");
        assertThat(principal(owner)).containsEntry("class", "bot").containsEntry("owner", "paul");
        Map<String, Object> expiry = awaitRecord(r -> "EXPIRY_CHANGED".equals(r.get("type")) && username(r).endsWith("records-bot"));
        assertThat(details(expiry)).extractingByKey("identity_expires_at").isEqualTo(Map.of(
                "from", LocalDate.now().plusDays(30).toString(), "to", newExpiry));
        Map<String, Object> other = awaitRecord(r -> "GOVERNANCE_CHANGED".equals(r.get("type")) && username(r).endsWith("records-bot"));
        assertThat(details(other)).containsOnlyKeys("identity_purpose", "by");
    }

    @Test
    void disablingAndEnablingArePairedRecords() {
        UserResource paul = user("paul");
        UserRepresentation rep = paul.toRepresentation();
        rep.setEnabled(false);
        paul.update(rep);
        awaitRecord(r -> "DISABLED".equals(r.get("type")) && "paul".equals(username(r)));
        rep.setEnabled(true);
        paul.update(rep);
        awaitRecord(r -> "ENABLED".equals(r.get("type")) && "paul".equals(username(r)));
    }

    @Test
    void reclassificationNamesFromAndTo() {
        UserResource dora = user("dora");
        UserRepresentation rep = dora.toRepresentation();
        rep.setAttributes(Realms.asLists(Map.of("identity_class", "human")));
        dora.update(rep); // a derived class becomes a stored one
        Map<String, Object> classified = awaitRecord(r -> "CLASSIFIED".equals(r.get("type")) && "dora".equals(username(r)));
        assertThat(details(classified)).containsEntry("identity_class", nullable(null, "human"));
    }

    @Test
    void credentialChangesAreRecordedWithoutTheSecret() {
        UserResource olivia = user("olivia");
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(NEW_PASSWORD);
        password.setTemporary(false);
        olivia.resetPassword(password);
        Map<String, Object> rotated = awaitRecord(r -> "CREDENTIAL_ROTATED".equals(r.get("type")) && "olivia".equals(username(r)));
        assertThat(details(rotated)).containsEntry("credential_type", "password").containsEntry("by", "admin");

        String clientId = realm.clients().findByClientId("records-bot").get(0).getId();
        String newSecret = realm.clients().get(clientId).generateNewSecret().getValue();
        Map<String, Object> secret = awaitRecord(r -> "CREDENTIAL_ROTATED".equals(r.get("type")) && username(r).endsWith("records-bot"));
        assertThat(details(secret)).containsEntry("credential_type", "client-secret");

        String credentialId = olivia.credentials().get(0).getId();
        olivia.removeCredential(credentialId);
        Map<String, Object> removed = awaitRecord(r -> "CREDENTIAL_REMOVED".equals(r.get("type")) && "olivia".equals(username(r)));
        assertThat(details(removed)).containsEntry("credential_id", credentialId);

        assertThat(auditFile().lines()).noneMatch(line -> line.contains(NEW_PASSWORD) || line.contains(newSecret));
    }

    @Test
    void deletingAnIdentityRecordsWhatItWasAndWhoDeletedIt() {
        String id;
        try (Response response = realm.users().create(Realms.principal("gone", Map.of("identity_class", "human")))) {
            id = Realms.createdId(response);
        }
        realm.users().delete(id).close();

        Map<String, Object> record = awaitRecord(r -> "IDENTITY_DELETED".equals(r.get("type")) && "gone".equals(username(r)));
        assertThat(details(record)).containsEntry("identity_class", "human").containsEntry("by", "admin");
    }

    // --- helpers

    private UserResource user(String username) {
        return realm.users().get(realm.users().searchByUsername(username, true).get(0).getId());
    }

    private Map<String, Object> awaitRecord(Predicate<Map<String, Object>> match) {
        return auditFile().await(DELIVERY, "a matching lifecycle record", r -> "lifecycle".equals(r.get("source")) && match.test(r));
    }

    private AuditFile auditFile() {
        return new AuditFile(server, audit.file(), REALM);
    }

    private static Map<String, Object> nullable(String from, String to) {
        Map<String, Object> map = new java.util.HashMap<>();
        map.put("from", from);
        map.put("to", to);
        return map;
    }

    private static String username(Map<String, Object> record) {
        Object name = principal(record).get("username");
        return name == null ? "" : name.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> principal(Map<String, Object> record) {
        return (Map<String, Object>) record.get("principal");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> record) {
        return (Map<String, Object>) record.get("details");
    }
}

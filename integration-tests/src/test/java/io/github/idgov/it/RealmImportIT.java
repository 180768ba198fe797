package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AdminErrors;
import io.github.idgov.it.support.Realms;
import jakarta.ws.rs.BadRequestException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;

/** Realm import (POST /admin/realms) applies the same rules, naming realm, user and field; a refusal imports nothing. */
@ExtendWith(KeycloakServerExtension.class)
class RealmImportIT {

    @Test
    void invalidModeIsRefused(KeycloakServer server) {
        RealmRepresentation realm = Realms.governed("import-bad-mode", "on");
        String message = refusedImport(server, realm);
        assertThat(message).contains("import-bad-mode").contains("idgov.mode").contains("\"on\"");
    }

    @Test
    void malformedAttributeIsRefusedNamingRealmUserAndField(KeycloakServer server) {
        RealmRepresentation realm = Realms.governed("import-malformed", "monitor");
        Map<String, String> bot = Realms.machine("bot");
        bot.put("identity_expires_at", "next year");
        realm.getUsers().add(Realms.principal("build-bot", bot));
        String message = refusedImport(server, realm);
        assertThat(message).contains("import-malformed").contains("build-bot").contains("identity_expires_at").contains("next year");
    }

    @Test
    void policyGapIsRefusedInEnforce(KeycloakServer server) {
        RealmRepresentation realm = Realms.governed("import-enforce-gap", "enforce");
        Map<String, String> agent = Realms.machine("ai-agent");
        agent.remove("identity_sponsor");
        realm.getUsers().add(Realms.principal("lonely-agent", agent));
        String message = refusedImport(server, realm);
        assertThat(message).contains("import-enforce-gap").contains("lonely-agent").contains("identity_sponsor");
    }

    @Test
    void policyGapIsRecordedInMonitor(KeycloakServer server) {
        RealmRepresentation realm = Realms.governed("import-monitor-gap", "monitor");
        Map<String, String> agent = Realms.machine("ai-agent");
        agent.remove("identity_sponsor");
        realm.getUsers().add(Realms.principal("monitored-import-agent", agent));
        var created = Realms.create(server, realm);
        assertThat(created.users().search("monitored-import-agent", true)).hasSize(1);
        server.waitFor(Duration.ofSeconds(10),
                () -> server.logContains("decision=would-deny realm=import-monitor-gap principal=monitored-import-agent"),
                "a would-deny decision for the imported agent without sponsor");
    }

    @Test
    void ownerThatIsDisabledIsRefusedEvenInMonitor(KeycloakServer server) {
        RealmRepresentation realm = Realms.governed("import-disabled-owner", "monitor");
        Map<String, String> svc = Realms.machine("service-account");
        svc.put("identity_owner", "dora");
        realm.getUsers().add(Realms.principal("orphan-job", svc));
        String message = refusedImport(server, realm);
        assertThat(message).contains("orphan-job").contains("identity_owner").contains("dora");
    }

    private static String refusedImport(KeycloakServer server, RealmRepresentation realm) {
        var realms = server.adminClient().realms();
        BadRequestException refused = catchThrowableOfType(BadRequestException.class, () -> realms.create(realm));
        assertThat(refused).as("import of %s must be refused", realm.getRealm()).isNotNull();
        assertThat(realms.findAll()).as("nothing imported").noneMatch(r -> r.getRealm().equals(realm.getRealm()));
        return AdminErrors.message(refused);
    }
}

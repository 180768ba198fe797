package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AdminErrors;
import io.github.idgov.it.support.AdminErrors.FieldError;
import io.github.idgov.it.support.Realms;
import jakarta.ws.rs.BadRequestException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Bad input through the admin REST API: each malformed or out-of-policy value is a 400 naming the field,
 * and nothing of the refused change is written.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttributeValidationIT {

    private KeycloakServer server;
    private RealmResource enforce;
    private RealmResource monitor;

    @BeforeAll
    void createRealms(KeycloakServer server) {
        this.server = server;
        enforce = Realms.create(server, Realms.governed("validation-enforce", "enforce"));
        monitor = Realms.create(server, Realms.governed("validation-monitor", "monitor"));
    }

    @ParameterizedTest(name = "{0}={1} is refused in enforce and monitor")
    @CsvSource({
        "identity_class, robot",
        "identity_class, Human",
        "identity_expires_at, 2027-02-30",
        "identity_expires_at, 31/12/2026",
        "identity_review_cadence_days, ninety",
        "identity_review_cadence_days, 1.5",
        "identity_owner, nobody-by-that-name",
        "identity_owner, dora",
        "identity_sponsor, nobody-by-that-name",
        "identity_environment, production",
        "identity_risk_tier, extreme",
        "identity_autonomy, autonomous",
    })
    void malformedValueIsRefusedWheneverGovernanceIsOn(String field, String value) {
        for (RealmResource realm : List.of(enforce, monitor)) {
            String id = createHuman(realm, "malformed-" + Math.abs((field + value).hashCode()));
            UserRepresentation before = realm.users().get(id).toRepresentation();
            List<FieldError> errors = refusedUpdate(realm, id, user -> user.singleAttribute(field, value));
            assertThat(errors).extracting(FieldError::field).containsExactly(field);
            assertThat(realm.users().get(id).toRepresentation().getAttributes())
                    .as("nothing half-written").isEqualTo(before.getAttributes());
        }
    }

    @Test
    void ownerMustBeAHumanNotAMachine() {
        String bot = Realms.createdId(enforce.users().create(Realms.principal("owner-bot", Realms.machine("bot"))));
        assertThat(bot).isNotBlank();
        String id = createHuman(enforce, "owned-by-a-bot");
        List<FieldError> errors = refusedUpdate(enforce, id, user -> {
            Realms.machine("service-account").forEach(user::singleAttribute);
            user.singleAttribute("identity_owner", "owner-bot");
        });
        assertThat(errors).containsExactly(new FieldError("identity_owner", "idgov-person-not-enabled-human", List.of("identity_owner", "owner-bot")));
    }

    @Test
    void agentWithoutSponsorIsRefusedInEnforce() {
        Map<String, String> agent = Realms.machine("ai-agent");
        agent.remove("identity_sponsor");
        var response = enforce.users().create(Realms.principal("agent-without-sponsor", agent));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(AdminErrors.of(response)).extracting(FieldError::field).containsExactly("identity_sponsor");
        assertThat(enforce.users().search("agent-without-sponsor", true)).as("not created").isEmpty();
    }

    @Test
    void botWithoutOwnerAndExpiryNamesBothFields() {
        Map<String, String> bot = Realms.machine("bot");
        bot.remove("identity_owner");
        bot.remove("identity_expires_at");
        var response = enforce.users().create(Realms.principal("bot-without-owner", bot));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(AdminErrors.of(response)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("identity_owner", "identity_expires_at");
    }

    @Test
    void expiryBeyondTheClassHorizonIsRefusedInEnforce() {
        Map<String, String> agent = Realms.machine("ai-agent");
        agent.put("identity_expires_at", LocalDate.now().plusDays(120).toString());
        var response = enforce.users().create(Realms.principal("agent-too-long", agent));
        assertThat(response.getStatus()).isEqualTo(400);
        List<FieldError> errors = AdminErrors.of(response);
        assertThat(errors).extracting(FieldError::field).containsExactly("identity_expires_at");
        assertThat(errors.get(0).errorMessage()).isEqualTo("idgov-expiry-beyond-horizon");
        assertThat(errors.get(0).params()).contains("90");
    }

    @Test
    void expiryHorizonIsConfigurableThroughTheSpiOption() {
        int days = Integer.parseInt(KeycloakServerExtension.SERVICE_ACCOUNT_EXPIRY_HORIZON_DAYS);
        var info = server.adminClient().serverInfo().getInfo().getProviders().get("validator").getProviders()
                .get("idgov-governance").getOperationalInfo();
        assertThat(info).containsEntry("expiry-horizon-days-service-account", String.valueOf(days))
                .containsEntry("expiry-horizon-days-bot", "180").containsEntry("expiry-horizon-days-ai-agent", "90");

        Map<String, String> job = Realms.machine("service-account");
        job.put("identity_expires_at", LocalDate.now().plusDays(days + 1).toString());
        var refused = enforce.users().create(Realms.principal("job-beyond-configured-horizon", job));
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(AdminErrors.of(refused).get(0).params()).contains(String.valueOf(days));

        // beyond the default 365 days, within the configured 400
        job.put("identity_expires_at", LocalDate.now().plusDays(days).toString());
        Realms.createdId(enforce.users().create(Realms.principal("job-at-configured-horizon", job)));
    }

    @Test
    void policyGapsAreRecordedNotRefusedInMonitor() {
        Map<String, String> agent = Realms.machine("ai-agent");
        agent.remove("identity_sponsor");
        agent.put("identity_expires_at", LocalDate.now().plusDays(120).toString());
        String id = Realms.createdId(monitor.users().create(Realms.principal("monitored-agent", agent)));
        assertThat(monitor.users().get(id).toRepresentation().getAttributes()).containsKey("identity_class");
        server.waitFor(java.time.Duration.ofSeconds(10),
                () -> server.logContains("decision=would-deny realm=validation-monitor principal=monitored-agent policy=governance-attributes reason=\"identity_sponsor")
                        && server.logContains("realm=validation-monitor principal=monitored-agent policy=governance-attributes reason=\"identity_expires_at"),
                "would-deny decisions for the sponsor and the expiry horizon");
    }

    @Test
    void completeMachineMetadataIsAccepted() {
        for (String identityClass : List.of("service-account", "bot", "ai-agent")) {
            String id = Realms.createdId(enforce.users().create(Realms.principal("valid-" + identityClass, Realms.machine(identityClass))));
            assertThat(enforce.users().get(id).toRepresentation().firstAttribute("identity_class")).isEqualTo(identityClass);
        }
    }

    @Test
    void humansNeedNoMachineMetadata() {
        String id = createHuman(enforce, "plain-human");
        UserRepresentation user = enforce.users().get(id).toRepresentation();
        user.singleAttribute("identity_class", "human");
        user.singleAttribute("identity_risk_tier", "low");
        enforce.users().get(id).update(user);
        assertThat(enforce.users().get(id).toRepresentation().firstAttribute("identity_risk_tier")).isEqualTo("low");
    }

    private static String createHuman(RealmResource realm, String username) {
        var existing = realm.users().search(username, true);
        if (!existing.isEmpty()) {
            return existing.get(0).getId();
        }
        return Realms.createdId(realm.users().create(Realms.human(username, true)));
    }

    private static List<FieldError> refusedUpdate(RealmResource realm, String id, Consumer<UserRepresentation> change) {
        UserRepresentation user = realm.users().get(id).toRepresentation();
        change.accept(user);
        BadRequestException refused = (BadRequestException) org.assertj.core.api.Assertions.catchThrowable(
                () -> realm.users().get(id).update(user));
        assertThat(refused).as("update must be refused with 400").isNotNull();
        return AdminErrors.of(refused);
    }
}

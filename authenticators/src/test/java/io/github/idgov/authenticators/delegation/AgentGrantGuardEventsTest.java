package io.github.idgov.authenticators.delegation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.authenticators.EnforcingRealmSession;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/** The pack's policy lets only {@link AgentGrantGuard#EVENTS} through: on every other event the gate must not act. */
class AgentGrantGuardEventsTest {

    private final KeycloakSession session = EnforcingRealmSession.create();
    private final AgentGrantGuard gate = new AgentGrantGuard(session, 300);

    @Test
    void leavesEveryUndeclaredEventAlone() {
        Arrays.stream(ClientPolicyEvent.values()).filter(event -> !AgentGrantGuard.EVENTS.contains(event)).forEach(event -> {
            ClientPolicyContext context = () -> event;
            assertThatCode(() -> gate.executeOnEvent(context)).as(event.name()).doesNotThrowAnyException();
        });
    }

    /** The probe sees a gate act: on a declared event it reads what the probe does not answer. */
    @Test
    void actsOnADeclaredEvent() {
        ClientPolicyContext context = () -> ClientPolicyEvent.RESOURCE_OWNER_PASSWORD_CREDENTIALS_REQUEST;
        assertThatThrownBy(() -> gate.executeOnEvent(context)).isInstanceOf(RuntimeException.class);
    }
}

package io.github.idgov.authenticators.delegation;

import io.github.idgov.authenticators.GateEventsProbe;
import org.junit.jupiter.api.Test;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/** The pack's policy lets only {@link AgentGrantGuard#EVENTS} through: on every other event the gate must not act. */
class AgentGrantGuardEventsTest {

    private final AgentGrantGuard gate = new AgentGrantGuard(GateEventsProbe.session(), 300);

    @Test
    void leavesEveryUndeclaredEventAlone() {
        GateEventsProbe.leavesUndeclaredEventsAlone(AgentGrantGuard.EVENTS, gate::executeOnEvent);
    }

    @Test
    void actsOnADeclaredEvent() {
        GateEventsProbe.actsOn(ClientPolicyEvent.RESOURCE_OWNER_PASSWORD_CREDENTIALS_REQUEST, gate::executeOnEvent);
    }
}

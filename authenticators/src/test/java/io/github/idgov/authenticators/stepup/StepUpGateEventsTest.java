package io.github.idgov.authenticators.stepup;

import io.github.idgov.authenticators.GateEventsProbe;
import org.junit.jupiter.api.Test;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/** The pack's policy lets only {@link StepUpGate#EVENTS} through: on every other event the gate must not act. */
class StepUpGateEventsTest {

    private final StepUpGate gate = new StepUpGate(GateEventsProbe.session());

    @Test
    void leavesEveryUndeclaredEventAlone() {
        GateEventsProbe.leavesUndeclaredEventsAlone(StepUpGate.EVENTS, gate::executeOnEvent);
    }

    @Test
    void actsOnADeclaredEvent() {
        GateEventsProbe.actsOn(ClientPolicyEvent.TOKEN_RESPONSE, gate::executeOnEvent);
    }
}

package io.github.idgov.authenticators.credentials;

import io.github.idgov.authenticators.GateEventsProbe;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/** The pack's policy lets only {@link CredentialPolicyGate#EVENTS} through: on every other event the gate must not act. */
class CredentialPolicyGateEventsTest {

    private final CredentialPolicyGate gate = configured(new CredentialPolicyGate(GateEventsProbe.session(), new ParsedPolicies(), Clock.systemUTC()));

    @Test
    void leavesEveryUndeclaredEventAlone() {
        GateEventsProbe.leavesUndeclaredEventsAlone(CredentialPolicyGate.EVENTS, gate::executeOnEvent);
    }

    @Test
    void actsOnADeclaredEvent() {
        GateEventsProbe.actsOn(ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE, gate::executeOnEvent);
    }

    private static CredentialPolicyGate configured(CredentialPolicyGate gate) {
        gate.setupConfiguration(null);
        return gate;
    }
}

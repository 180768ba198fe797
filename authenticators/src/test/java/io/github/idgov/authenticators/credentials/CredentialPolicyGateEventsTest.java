package io.github.idgov.authenticators.credentials;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.authenticators.EnforcingRealmSession;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/** The pack's policy lets only {@link CredentialPolicyGate#EVENTS} through: on every other event the gate must not act. */
class CredentialPolicyGateEventsTest {

    private final KeycloakSession session = EnforcingRealmSession.create();
    private final CredentialPolicyGate gate = configured(new CredentialPolicyGate(session, new ParsedPolicies(), Clock.systemUTC()));

    @Test
    void leavesEveryUndeclaredEventAlone() {
        Arrays.stream(ClientPolicyEvent.values()).filter(event -> !CredentialPolicyGate.EVENTS.contains(event)).forEach(event -> {
            ClientPolicyContext context = () -> event;
            assertThatCode(() -> gate.executeOnEvent(context)).as(event.name()).doesNotThrowAnyException();
        });
    }

    /** The probe sees a gate act: on a declared event it reads what the probe does not answer. */
    @Test
    void actsOnADeclaredEvent() {
        ClientPolicyContext context = () -> ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE;
        assertThatThrownBy(() -> gate.executeOnEvent(context)).isInstanceOf(RuntimeException.class);
    }

    private static CredentialPolicyGate configured(CredentialPolicyGate gate) {
        gate.setupConfiguration(null);
        return gate;
    }
}

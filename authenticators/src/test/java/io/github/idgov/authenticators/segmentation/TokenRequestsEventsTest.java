package io.github.idgov.authenticators.segmentation;

import io.github.idgov.authenticators.GateEventsProbe;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/** The pack's policy lets only {@link TokenRequests#EVENTS} through: the environment gate finds no request on any other. */
class TokenRequestsEventsTest {

    private final KeycloakSession session = GateEventsProbe.session();

    @Test
    void noUndeclaredEventIsARequest() {
        GateEventsProbe.leavesUndeclaredEventsAlone(TokenRequests.EVENTS, this::noRequest);
    }

    @Test
    void readsADeclaredEvent() {
        GateEventsProbe.actsOn(ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE, this::noRequest);
    }

    private void noRequest(ClientPolicyContext context) {
        TokenRequests.Request request = TokenRequests.of(session, session.getContext().getRealm(), context);
        if (request != null) {
            throw new AssertionError("a token request on " + context.getEvent());
        }
    }
}

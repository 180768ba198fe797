package io.github.idgov.authenticators.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.authenticators.EnforcingRealmSession;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/** The pack's policy lets only {@link TokenRequests#EVENTS} through: the environment gate finds no request on any other event. */
class TokenRequestsEventsTest {

    private final KeycloakSession session = EnforcingRealmSession.create();

    @Test
    void noUndeclaredEventIsARequest() {
        Arrays.stream(ClientPolicyEvent.values()).filter(event -> !TokenRequests.EVENTS.contains(event)).forEach(event -> {
            ClientPolicyContext context = () -> event;
            assertThat(TokenRequests.of(session, session.getContext().getRealm(), context)).as(event.name()).isNull();
        });
    }

    /** The probe sees a request read: on a declared event it reads what the probe does not answer. */
    @Test
    void readsADeclaredEvent() {
        ClientPolicyContext context = () -> ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE;
        assertThatThrownBy(() -> TokenRequests.of(session, session.getContext().getRealm(), context)).isInstanceOf(RuntimeException.class);
    }
}

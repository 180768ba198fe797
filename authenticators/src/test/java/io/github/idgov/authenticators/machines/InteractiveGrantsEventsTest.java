package io.github.idgov.authenticators.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/** The pack's policy lets only {@link InteractiveGrants#EVENTS} through: no other event may be a login. */
class InteractiveGrantsEventsTest {

    @Test
    void noEventOutsideTheDeclaredOnesIsALogin() {
        Arrays.stream(ClientPolicyEvent.values()).filter(event -> !InteractiveGrants.EVENTS.contains(event)).forEach(event -> {
            ClientPolicyContext context = () -> event;
            assertThat(InteractiveGrants.of(context)).as(event.name()).isNull();
        });
    }
}

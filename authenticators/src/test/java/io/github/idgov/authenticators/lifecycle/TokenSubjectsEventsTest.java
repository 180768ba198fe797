package io.github.idgov.authenticators.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/** The pack's policy lets only {@link TokenSubjects#EVENTS} through: no other event may have subjects. */
class TokenSubjectsEventsTest {

    @Test
    void noEventOutsideTheDeclaredOnesHasSubjects() {
        Arrays.stream(ClientPolicyEvent.values()).filter(event -> !TokenSubjects.EVENTS.contains(event)).forEach(event -> {
            ClientPolicyContext context = () -> event;
            assertThat(TokenSubjects.find(null, null, context)).as(event.name()).isEmpty();
        });
    }

    @Test
    void clientCredentialsAreJudgedOnTheirResponseOnly() {
        assertThat(TokenSubjects.EVENTS).contains(ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE)
                .doesNotContain(ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_REQUEST);
    }
}

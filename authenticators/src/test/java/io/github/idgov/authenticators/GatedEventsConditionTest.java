package io.github.idgov.authenticators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyVote;

class GatedEventsConditionTest {

    private final GatedEventsCondition condition = new GatedEventsCondition(Set.of(ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE));

    @Test
    void votesYesOnAGatedEvent() {
        assertThat(condition.applyPolicy(() -> ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE)).isEqualTo(ClientPolicyVote.YES);
    }

    /** No, not abstain: Keycloak reads an abstaining sole condition as unsatisfied too, but a no says why. */
    @Test
    void votesNoOnEveryOtherEvent() {
        assertThat(condition.applyPolicy(() -> ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_REQUEST)).isEqualTo(ClientPolicyVote.NO);
        assertThat(condition.applyPolicy(() -> ClientPolicyEvent.TOKEN_INTROSPECT)).isEqualTo(ClientPolicyVote.NO);
        assertThat(condition.isNegativeLogic()).isFalse();
    }
}

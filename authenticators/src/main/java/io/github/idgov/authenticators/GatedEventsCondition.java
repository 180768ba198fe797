package io.github.idgov.authenticators;

import io.github.idgov.core.GovernanceContract;
import java.util.Set;
import org.keycloak.representations.idm.ClientPolicyConditionConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;

/** Yes on the events the pack's executors act on, no on every other: the policy then skips its profile. */
final class GatedEventsCondition implements ClientPolicyConditionProvider<ClientPolicyConditionConfigurationRepresentation> {

    private final Set<ClientPolicyEvent> events;

    GatedEventsCondition(Set<ClientPolicyEvent> events) {
        this.events = events;
    }

    @Override
    public void setupConfiguration(ClientPolicyConditionConfigurationRepresentation config) {
        // nothing to configure: the events follow from the executors installed on this server
    }

    @Override
    public ClientPolicyVote applyPolicy(ClientPolicyContext context) {
        return events.contains(context.getEvent()) ? ClientPolicyVote.YES : ClientPolicyVote.NO;
    }

    @Override
    public boolean isNegativeLogic() {
        return false;
    }

    @Override
    public String getProviderId() {
        return GovernanceContract.GATED_EVENTS_CONDITION_ID;
    }
}

package io.github.idgov.authenticators.segmentation;

import io.github.idgov.authenticators.GovernanceExecutorFactory;
import io.github.idgov.core.segmentation.SegmentationContract;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Client-policy executor {@value SegmentationContract#ENVIRONMENT_GATE_ID}, installed in the realm's
 * {@code idgov-lifecycle} profile. Configured through attributes of clients, client scopes and the realm only.
 */
public final class EnvironmentGateFactory implements GovernanceExecutorFactory {

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new EnvironmentGate(session);
    }

    @Override
    public Set<ClientPolicyEvent> gatedEvents(KeycloakSessionFactory factory) {
        return TokenRequests.EVENTS;
    }

    @Override
    public String getId() {
        return SegmentationContract.ENVIRONMENT_GATE_ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: a principal of one environment (identity_environment) gets no token for a client, "
                + "audience or scope tagged with another (" + SegmentationContract.ENVIRONMENT_ATTRIBUTE + "), unless "
                + SegmentationContract.ALLOW_FROM_ATTRIBUTE + " lets its environment in. Installed by the pack.";
    }

}

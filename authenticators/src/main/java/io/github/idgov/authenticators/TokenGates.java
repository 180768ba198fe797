package io.github.idgov.authenticators;

import io.github.idgov.core.GovernanceContract;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/** Runs each gate on the event, in order; the first refusal ends the request as if that gate were in the profile. */
final class TokenGates implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;
    private final List<String> gates;

    TokenGates(KeycloakSession session, List<String> gates) {
        this.session = session;
        this.gates = gates;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        for (String gate : gates) {
            // the session keeps one instance of each gate for the request
            session.getProvider(ClientPolicyExecutorProvider.class, gate).executeOnEvent(context);
        }
    }

    @Override
    public String getProviderId() {
        return GovernanceContract.TOKEN_GATES_ID;
    }
}

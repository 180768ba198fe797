package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.delegation.DelegationContract;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Refuses the password grant to an ai-agent client: with a user's password the agent would hold a user token that no
 * person delegated and that has no bounded scope or lifetime. Checked at the request, before the password is looked
 * at. Monitor records would-deny and lets it through.
 */
final class AgentGrantGuard implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;

    AgentGrantGuard(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() != ClientPolicyEvent.RESOURCE_OWNER_PASSWORD_CREDENTIALS_REQUEST) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        ClientModel client = session.getContext().getClient();
        if (!mode.isOn() || client == null) {
            return;
        }
        UserModel agent = Agents.serviceAccount(session, realm, client).orElse(null);
        if (agent == null) {
            return;
        }
        String reason = "ai-agent " + client.getClientId() + " may not use the password grant: an agent acts for a user only"
                + " through delegated token exchange";
        Decision decision = new Decision(agent.getUsername(), DelegationContract.POLICY_GRANT, Decision.denialIn(mode),
                reason + " [grant password, client " + client.getClientId() + "]");
        if (mode == GovernanceMode.ENFORCE) {
            DetachedDecisions.record(session, realm, decision); // the refused request rolls back
            throw new ClientPolicyException(OAuthErrorException.UNAUTHORIZED_CLIENT, reason, Response.Status.BAD_REQUEST);
        }
        DecisionLog.record(session, realm, decision);
    }

    @Override
    public String getProviderId() {
        return DelegationContract.AGENT_GRANT_GUARD_ID;
    }
}

package io.github.idgov.authenticators.machines;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Keeps machines (service-account, bot, ai-agent) out of interactive login. A token-time check, so no change to
 * the login flows (an administrator replacing the browser flow, a client with its own flow override) opens a way
 * around it: whatever flow authenticated the machine, no token comes out of a password, authorization-code,
 * device or CIBA grant, nor a refresh of such a session. The refresh of a client-credentials session of the
 * machine's own client stays allowed.
 */
final class MachineLoginGate implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;

    MachineLoginGate(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        RealmModel realm = session.getContext().getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn()) {
            return;
        }
        InteractiveGrants.Login login = InteractiveGrants.of(context);
        if (login == null || isOwnClientCredentialsRefresh(login)) {
            return;
        }
        GovernanceRecord record = PrincipalResolver.resolve(realm, login.user());
        if (!record.identityClass().isMachine()) {
            return;
        }
        String reason = login.user().getUsername() + " is of class " + record.identityClass().value()
                + ": machines may not log in interactively (grant " + login.grant() + ", client " + clientId() + ")";
        DetachedDecisions.record(session, realm, new Decision(login.user().getUsername(), StepUpContract.MACHINE_LOGIN_POLICY,
                Decision.denialIn(mode), reason));
        if (mode == GovernanceMode.ENFORCE) {
            throw new ClientPolicyException(OAuthErrorException.ACCESS_DENIED, reason, Response.Status.BAD_REQUEST);
        }
    }

    /** A service account refreshing a token of its own client-credentials session (when the client enables that). */
    private boolean isOwnClientCredentialsRefresh(InteractiveGrants.Login login) {
        ClientModel client = session.getContext().getClient();
        return "refresh_token".equals(login.grant()) && client != null
                && client.getId().equals(login.user().getServiceAccountClientLink());
    }

    private String clientId() {
        ClientModel client = session.getContext().getClient();
        return client == null ? "-" : client.getClientId();
    }

    @Override
    public String getProviderId() {
        return StepUpContract.MACHINE_LOGIN_GATE_ID;
    }
}

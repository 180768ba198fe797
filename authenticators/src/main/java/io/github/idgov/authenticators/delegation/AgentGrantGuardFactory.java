package io.github.idgov.authenticators.delegation;

import io.github.idgov.authenticators.GovernanceExecutorFactory;
import io.github.idgov.core.delegation.DelegationContract;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/** Client-policy executor {@value DelegationContract#AGENT_GRANT_GUARD_ID}, installed with the pack's client profile. */
public final class AgentGrantGuardFactory implements GovernanceExecutorFactory {

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new AgentGrantGuard(session);
    }

    @Override
    public String getId() {
        return DelegationContract.AGENT_GRANT_GUARD_ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: refuses the password grant to ai-agent clients (enforce), or records would-deny (monitor).";
    }

}

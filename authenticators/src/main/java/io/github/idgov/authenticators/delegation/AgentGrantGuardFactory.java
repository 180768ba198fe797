package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.delegation.DelegationContract;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Client-policy executor {@value DelegationContract#AGENT_GRANT_GUARD_ID}, installed with the pack's client profile. */
public final class AgentGrantGuardFactory implements ClientPolicyExecutorProviderFactory {

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new AgentGrantGuard(session);
    }

    @Override
    public void init(Config.Scope config) {
        // no options
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return DelegationContract.AGENT_GRANT_GUARD_ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: refuses the password grant to ai-agent clients (enforce), or records would-deny (monitor).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}

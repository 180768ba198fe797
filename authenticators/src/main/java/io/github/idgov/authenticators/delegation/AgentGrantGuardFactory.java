package io.github.idgov.authenticators.delegation;

import io.github.idgov.authenticators.GovernanceExecutorFactory;
import io.github.idgov.core.delegation.DelegationContract;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Client-policy executor {@value DelegationContract#AGENT_GRANT_GUARD_ID}, installed with the pack's client profile.
 * A person's login token into an agent's client lives no longer than a delegated token: the delegation provider's
 * {@code max-ttl-seconds}, read from that provider once all factories are initialised (one option, one value).
 */
public final class AgentGrantGuardFactory implements GovernanceExecutorFactory {

    private DelegationSettings settings = DelegationSettings.defaults();

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new AgentGrantGuard(session, settings.maxTtlSeconds());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        ProviderFactory<TokenExchangeProvider> delegation = factory.getProviderFactory(TokenExchangeProvider.class,
                DelegationContract.EXCHANGE_PROVIDER_ID);
        if (delegation instanceof AgentDelegationProviderFactory provider) {
            settings = provider.settings();
        }
    }

    @Override
    public Set<ClientPolicyEvent> gatedEvents(KeycloakSessionFactory factory) {
        return AgentGrantGuard.EVENTS;
    }

    @Override
    public String getId() {
        return DelegationContract.AGENT_GRANT_GUARD_ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: refuses the password grant to ai-agent clients and bounds a person's login into an"
                + " agent's client as a delegated token (enforce), or records would-deny (monitor).";
    }

}

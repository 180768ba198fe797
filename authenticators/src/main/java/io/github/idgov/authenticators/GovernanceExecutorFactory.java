package io.github.idgov.authenticators;

import io.github.idgov.core.keycloak.GatedEvents;
import io.github.idgov.core.keycloak.StatelessProviderFactory;
import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/**
 * The pack's client-policy executor factories: executors the pack installs in its {@code idgov-lifecycle} profile,
 * which hold nothing server-wide unless they say so. Each overrides only what it has (options, per-realm
 * configuration properties) and names the events its executor acts on.
 */
public interface GovernanceExecutorFactory extends ClientPolicyExecutorProviderFactory,
        StatelessProviderFactory<ClientPolicyExecutorProvider>, GatedEvents {

    /** No per-realm configuration on the executor. */
    @Override
    default List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}

package io.github.idgov.core.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A factory of the pack that holds nothing server-wide: no options to read, nothing to wire after start-up,
 * nothing to release. A factory that has any of these overrides the method.
 */
public interface StatelessProviderFactory<T extends Provider> extends ProviderFactory<T> {

    @Override
    default void init(Config.Scope config) {
        // no server-wide options
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    default void close() {
        // nothing held
    }
}

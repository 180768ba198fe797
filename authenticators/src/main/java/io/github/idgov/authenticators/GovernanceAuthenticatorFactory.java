package io.github.idgov.authenticators;

import io.github.idgov.core.keycloak.StatelessProviderFactory;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The pack's authenticator factories: steps the pack places in its own flows, either required or switched off, with
 * nothing for the user to set up and nothing server-wide. Each factory keeps its id, display type and help text, and
 * overrides what it has (per-execution configuration).
 */
public interface GovernanceAuthenticatorFactory extends AuthenticatorFactory, StatelessProviderFactory<Authenticator> {

    @Override
    default String getReferenceCategory() {
        return null;
    }

    /** No per-execution configuration unless the factory says so. */
    @Override
    default boolean isConfigurable() {
        return false;
    }

    @Override
    default List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    /** Required or switched off, as the pack's flows place these steps. */
    @Override
    default Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.DISABLED};
    }

    @Override
    default boolean isUserSetupAllowed() {
        return false;
    }
}

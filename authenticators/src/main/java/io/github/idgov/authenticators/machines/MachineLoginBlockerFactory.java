package io.github.idgov.authenticators.machines;

import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.keycloak.StatelessProviderFactory;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** Authenticator {@code idgov-machine-login-block}. Stateless, so one instance. */
public final class MachineLoginBlockerFactory implements AuthenticatorFactory, StatelessProviderFactory<Authenticator> {

    private static final MachineLoginBlocker INSTANCE = new MachineLoginBlocker();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return StepUpContract.MACHINE_LOGIN_AUTHENTICATOR_ID;
    }

    @Override
    public String getDisplayType() {
        return "Keep machines out of interactive login (identity governance)";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED,
                AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Refuses a service account, bot or AI agent once identified (enforce), or records a would-deny (monitor).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

}

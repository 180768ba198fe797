package io.github.idgov.authenticators.machines;

import io.github.idgov.authenticators.GovernanceAuthenticatorFactory;
import io.github.idgov.core.StepUpContract;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** Authenticator {@code idgov-machine-login-block}. Stateless, so one instance. */
public final class MachineLoginBlockerFactory implements GovernanceAuthenticatorFactory {

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
    public String getHelpText() {
        return "Refuses a service account, bot or AI agent once identified (enforce), or records a would-deny (monitor).";
    }
}

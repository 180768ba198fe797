package io.github.idgov.authenticators.machines;

import io.github.idgov.core.StepUpContract;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Client-policy executor {@code idgov-machine-login-gate}, installed with the lifecycle gate in governed realms. */
public final class MachineLoginGateFactory implements ClientPolicyExecutorProviderFactory {

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new MachineLoginGate(session);
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
        return StepUpContract.MACHINE_LOGIN_GATE_ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: refuses password, authorization-code, device and CIBA tokens to service accounts, bots "
                + "and AI agents (enforce), or records would-deny decisions (monitor). Installed by the pack.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}

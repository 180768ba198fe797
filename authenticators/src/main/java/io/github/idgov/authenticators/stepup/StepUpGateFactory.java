package io.github.idgov.authenticators.stepup;

import io.github.idgov.core.StepUpContract;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Client-policy executor {@code idgov-step-up-gate}, installed with the lifecycle gate in governed realms. */
public final class StepUpGateFactory implements ClientPolicyExecutorProviderFactory {

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new StepUpGate(session);
    }

    @Override
    public void init(Config.Scope config) {
        // per-realm settings live on client scopes and clients
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
        return StepUpContract.STEP_UP_GATE_ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: refuses a token carrying a sensitive client scope (attribute " + StepUpContract.LEVEL_ATTRIBUTE
                + ") unless the session reached that level within its max age, on every grant. Installed by the pack.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}

package io.github.idgov.authenticators.stepup;

import io.github.idgov.authenticators.GovernanceExecutorFactory;
import io.github.idgov.core.StepUpContract;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/** Client-policy executor {@code idgov-step-up-gate}, installed with the lifecycle gate in governed realms. */
public final class StepUpGateFactory implements GovernanceExecutorFactory {

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new StepUpGate(session);
    }

    @Override
    public Set<ClientPolicyEvent> gatedEvents(KeycloakSessionFactory factory) {
        return StepUpGate.EVENTS;
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

}

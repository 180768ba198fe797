package io.github.idgov.authenticators.machines;

import io.github.idgov.authenticators.GovernanceExecutorFactory;
import io.github.idgov.core.StepUpContract;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/** Client-policy executor {@code idgov-machine-login-gate}, installed with the lifecycle gate in governed realms. */
public final class MachineLoginGateFactory implements GovernanceExecutorFactory {

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new MachineLoginGate(session);
    }

    @Override
    public Set<ClientPolicyEvent> gatedEvents(KeycloakSessionFactory factory) {
        return InteractiveGrants.EVENTS;
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

}

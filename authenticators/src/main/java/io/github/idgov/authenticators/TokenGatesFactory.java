package io.github.idgov.authenticators;

import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.delegation.ApprovalContract;
import io.github.idgov.core.delegation.DelegationContract;
import io.github.idgov.core.keycloak.GatedEvents;
import io.github.idgov.core.limits.CommandLimitContract;
import io.github.idgov.core.segmentation.SegmentationContract;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Client-policy executor {@value GovernanceContract#TOKEN_GATES_ID}: the pack's token-time gates that take no per-realm
 * configuration, run in {@link #GATES} order as one executor of the pack's client profile. Keycloak's client-policy
 * framework parses the profile and builds and configures each of its executors for every event of a request; as one
 * executor the gates pay that once instead of seven times. Each gate stays a provider of its own (its options keep
 * their names, e.g. {@code --spi-client-policy-executor--idgov-lifecycle-gate--…}).
 */
public final class TokenGatesFactory implements GovernanceExecutorFactory {

    /** Lifecycle first (is the principal still allowed at all), then the grant-specific gates, the count last. */
    static final List<String> GATES = List.of(GovernanceContract.LIFECYCLE_GATE_ID, DelegationContract.AGENT_GRANT_GUARD_ID,
            StepUpContract.MACHINE_LOGIN_GATE_ID, StepUpContract.STEP_UP_GATE_ID, SegmentationContract.ENVIRONMENT_GATE_ID,
            CommandLimitContract.GATE_ID, ApprovalContract.APPROVAL_GATE_ID);

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new TokenGates(session, GATES);
    }

    /** The events of its gates: the gates declare theirs as constants, so the order of start-up does not matter. */
    @Override
    public Set<ClientPolicyEvent> gatedEvents(KeycloakSessionFactory factory) {
        Set<ClientPolicyEvent> events = EnumSet.noneOf(ClientPolicyEvent.class);
        for (String gate : GATES) {
            if (!(factory.getProviderFactory(ClientPolicyExecutorProvider.class, gate) instanceof GatedEvents gated)) {
                throw new IllegalStateException("Client-policy executor " + GovernanceContract.TOKEN_GATES_ID + " needs executor "
                        + gate + " of this pack, which this server does not have: install the whole pack JAR");
            }
            events.addAll(gated.gatedEvents(factory));
        }
        return Set.copyOf(events);
    }

    /** A gate missing from this server (a partial deployment) fails start-up instead of every token request. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        for (String gate : GATES) {
            if (factory.getProviderFactory(ClientPolicyExecutorProvider.class, gate) == null) {
                throw new IllegalStateException("Client-policy executor " + GovernanceContract.TOKEN_GATES_ID
                        + " needs executor " + gate + ", which this server does not have: install the whole pack JAR");
            }
        }
    }

    @Override
    public String getId() {
        return GovernanceContract.TOKEN_GATES_ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: the pack's token gates (lifecycle, agent grant guard, machine login, step-up, "
                + "environment, command limit, agent approval) in one executor. Installed by the pack; no per-realm configuration.";
    }
}

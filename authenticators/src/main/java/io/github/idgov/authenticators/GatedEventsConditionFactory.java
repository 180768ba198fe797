package io.github.idgov.authenticators;

import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.keycloak.GatedEvents;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProviderFactory;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Client-policy condition {@value GovernanceContract#GATED_EVENTS_CONDITION_ID}, the condition of the pack's client
 * policy: satisfied on the events that the pack's executors on this server act on (the union of what each declares
 * through {@link GatedEvents}), unsatisfied on every other. Keycloak parses the realm's profiles and builds and
 * configures each executor of a satisfied policy for every client-policy event; a client-credentials token, for
 * one, raises two events and the pack acts on one of them.
 */
public final class GatedEventsConditionFactory implements ClientPolicyConditionProviderFactory, ServerInfoAwareProviderFactory {

    private Set<ClientPolicyEvent> events = Set.of();

    @Override
    public ClientPolicyConditionProvider create(KeycloakSession session) {
        return new GatedEventsCondition(events);
    }

    @Override
    public void init(Config.Scope config) {
        // no options
    }

    /** Every factory has been initialised by now; the pack's executors declare their events as constants. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        Set<ClientPolicyEvent> union = EnumSet.noneOf(ClientPolicyEvent.class);
        factory.getProviderFactoriesStream(ClientPolicyExecutorProvider.class)
                .filter(GatedEvents.class::isInstance)
                .forEach(executor -> union.addAll(((GatedEvents) executor).gatedEvents(factory)));
        events = Set.copyOf(union);
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return GovernanceContract.GATED_EVENTS_CONDITION_ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: satisfied on the client-policy events the pack's executors act on (token issuance "
                + "of every grant, client registration and update), so other events skip the pack's profile.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("events", events.stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
    }
}

package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.Autonomy;
import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.delegation.DelegationContract;
import io.github.idgov.core.delegation.ScopeGrant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;

/**
 * The client scopes assigned to an agent (default and optional) with their delegation markers, read from the
 * client scope attributes through Keycloak's realm cache. A tier value that is not a tier counts as unmarked
 * (needs act): a typo never widens what an agent gets.
 */
final class AgentScopes {

    private final Map<String, ClientScopeModel> assigned;

    AgentScopes(ClientModel agent) {
        Map<String, ClientScopeModel> scopes = new HashMap<>(agent.getClientScopes(true));
        scopes.putAll(agent.getClientScopes(false));
        this.assigned = scopes;
    }

    Set<String> names() {
        return assigned.keySet();
    }

    ScopeGrant.Markers markers() {
        Map<String, Autonomy> tiers = new HashMap<>();
        Set<String> irreversible = new HashSet<>();
        assigned.forEach((name, scope) -> {
            AttributeValue.parse(Autonomy.class, scope.getAttribute(DelegationContract.SCOPE_TIER_ATTRIBUTE))
                    .ifPresent(tier -> tiers.put(name, tier));
            if (Boolean.parseBoolean(scope.getAttribute(DelegationContract.SCOPE_IRREVERSIBLE_ATTRIBUTE))) {
                irreversible.add(name);
            }
        });
        return new ScopeGrant.Markers(tiers, irreversible);
    }
}

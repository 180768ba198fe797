package io.github.idgov.core.keycloak;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.Autonomy;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.delegation.DelegationContract;
import io.github.idgov.core.delegation.ScopeGrant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;

/**
 * The client scopes assigned to an agent (default and optional) with their delegation markers, read from the
 * client scope attributes through Keycloak's realm cache. A tier value that is not a tier counts as unmarked
 * (needs act): a typo never widens what an agent gets. One source for every place an agent gets a token for a person
 * (the exchange, a person's login into the agent's client, an approval through CIBA): the same rule, the same words.
 */
public final class AgentScopes {

    /** Scopes that carry identity claims only (sub, acr, identity_class, act), outside the scope algebra. */
    public static final Set<String> CLAIM_SCOPES = Set.of("basic", "acr", GovernanceContract.CLIENT_SCOPE_NAME);

    private final Map<String, ClientScopeModel> assigned;
    private final Set<String> defaults;

    public AgentScopes(ClientModel agent) {
        Map<String, ClientScopeModel> defaultScopes = agent.getClientScopes(true);
        Map<String, ClientScopeModel> scopes = new HashMap<>(defaultScopes);
        scopes.putAll(agent.getClientScopes(false));
        this.assigned = scopes;
        this.defaults = Set.copyOf(defaultScopes.keySet());
    }

    public Set<String> names() {
        return assigned.keySet();
    }

    /** The assigned scopes the scope algebra decides about: all but the claim scopes. */
    public Set<String> governed() {
        Set<String> governed = new HashSet<>(assigned.keySet());
        governed.removeAll(CLAIM_SCOPES);
        return governed;
    }

    public ScopeGrant.Markers markers() {
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

    /** The agent's scope grant against the scopes a subject holds (a subject token's, or for a login, all assigned). */
    public ScopeGrant grant(Collection<String> subjectScopes, GovernanceRecord agent) {
        return new ScopeGrant(governed(), subjectScopes, markers(), autonomyOf(agent));
    }

    /**
     * The rule of an approval (CIBA): a person's approval does not raise the agent's autonomy, so each requested scope
     * assigned to the agent needs its tier; irreversible scopes are what an approval is for, and unassigned ones are
     * Keycloak's to refuse. Keycloak adds the client's default scopes to a CIBA request's scope: those are not judged
     * here but left out of the token when above the tier ({@link #approvalKeeps}), as for a login.
     */
    public Optional<ScopeGrant.Refusal> approvalRefusal(Collection<String> requested, GovernanceRecord agent) {
        Set<String> judged = new HashSet<>(requested);
        judged.retainAll(governed());
        judged.removeAll(defaults);
        return grant(governed(), agent).autonomyRefusal(judged);
    }

    /** Which client scopes a token on an approval keeps: the claim scopes, and the approved ones within the rule above. */
    public Predicate<String> approvalKeeps(Collection<String> approved, GovernanceRecord agent) {
        Set<String> kept = new HashSet<>(approved);
        ScopeGrant grant = grant(governed(), agent);
        return name -> CLAIM_SCOPES.contains(name) || (kept.contains(name)
                && (!defaults.contains(name) || grant.autonomyRefusal(Set.of(name)).isEmpty()));
    }

    public static Autonomy autonomyOf(GovernanceRecord agent) {
        return agent.autonomy() == null ? Autonomy.DEFAULT : agent.autonomy();
    }

    /** A refused scope as the agent reads it; an irreversible one points to the approval (CIBA). */
    public static String describe(ScopeGrant.Refusal refusal) {
        String description = refusal.describe();
        if (refusal.reason() == ScopeGrant.Reason.IRREVERSIBLE) {
            description += ": start a CIBA request (grant " + OAuth2Constants.CIBA_GRANT_TYPE + ") with login_hint = the user";
        }
        return description;
    }
}

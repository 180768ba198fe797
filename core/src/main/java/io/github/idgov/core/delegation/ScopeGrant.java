package io.github.idgov.core.delegation;

import io.github.idgov.core.Autonomy;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The scope algebra of a delegated token: what an agent may hold for a user is
 * requested ∩ the agent's assigned scopes ∩ the subject token's scopes ∩ the agent's autonomy tier, never an
 * irreversible scope. A scope named in the request that falls outside is an escalation attempt and refuses the whole
 * exchange (with the first such scope and why); an empty request asks for the whole intersection.
 *
 * <p>A scope without a tier marker needs {@link Autonomy#ACT}: an unmarked scope is not assumed harmless.
 */
public final class ScopeGrant {

    /** Why a requested scope is refused, in the order the checks run. */
    public enum Reason {
        NOT_ASSIGNED("is not assigned to the agent"),
        NOT_IN_SUBJECT_TOKEN("is not in the subject token"),
        IRREVERSIBLE("is irreversible and needs a human approval (CIBA), not an exchange"),
        ABOVE_AUTONOMY("needs a higher autonomy tier than the agent's");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** A refused scope and the reason. */
    public record Refusal(String scope, Reason reason, Autonomy needed, Autonomy agent) {

        public String describe() {
            String base = "scope '" + scope + "' " + reason.text();
            return reason == Reason.ABOVE_AUTONOMY ? base + " (needs " + needed.value() + ", agent is " + agent.value() + ")" : base;
        }
    }

    /** Per-scope markers of the realm's client scopes: tier (absent → act) and irreversibility. */
    public record Markers(Map<String, Autonomy> tiers, Set<String> irreversible) {

        public Markers {
            tiers = Map.copyOf(tiers);
            irreversible = Set.copyOf(irreversible);
        }

        public Autonomy tierOf(String scope) {
            return tiers.getOrDefault(scope, Autonomy.ACT);
        }

        public boolean isIrreversible(String scope) {
            return irreversible.contains(scope);
        }
    }

    private final Set<String> assigned;
    private final Set<String> subjectScopes;
    private final Markers markers;
    private final Autonomy autonomy;

    public ScopeGrant(Collection<String> assigned, Collection<String> subjectScopes, Markers markers, Autonomy autonomy) {
        this.assigned = Set.copyOf(assigned);
        this.subjectScopes = Set.copyOf(subjectScopes);
        this.markers = markers;
        this.autonomy = autonomy;
    }

    /** The first requested scope (in name order) the agent may not have, if any. */
    public Optional<Refusal> refusal(Collection<String> requested) {
        return new TreeSet<>(requested).stream().map(this::check).flatMap(Optional::stream).findFirst();
    }

    /**
     * The first requested scope (in name order) above the agent's autonomy tier, judging the tier alone: the rule of an
     * approval, where irreversibility is what the person approves.
     */
    public Optional<Refusal> autonomyRefusal(Collection<String> requested) {
        return new TreeSet<>(requested).stream()
                .filter(scope -> markers.tierOf(scope).compareTo(autonomy) > 0)
                .map(scope -> new Refusal(scope, Reason.ABOVE_AUTONOMY, markers.tierOf(scope), autonomy))
                .findFirst();
    }

    /**
     * The granted scopes: the requested ones when none is refused, the whole allowed intersection for an empty
     * request. Callers check {@link #refusal} first; a refused scope is never part of the result.
     */
    public Set<String> granted(Collection<String> requested) {
        Collection<String> candidates = requested.isEmpty() ? assigned : requested;
        Set<String> granted = new TreeSet<>();
        for (String scope : candidates) {
            if (check(scope).isEmpty()) {
                granted.add(scope);
            }
        }
        return granted;
    }

    private Optional<Refusal> check(String scope) {
        Autonomy needed = markers.tierOf(scope);
        Reason reason = null;
        if (!assigned.contains(scope)) {
            reason = Reason.NOT_ASSIGNED;
        } else if (!subjectScopes.contains(scope)) {
            reason = Reason.NOT_IN_SUBJECT_TOKEN;
        } else if (markers.isIrreversible(scope)) {
            reason = Reason.IRREVERSIBLE;
        } else if (needed.compareTo(autonomy) > 0) {
            reason = Reason.ABOVE_AUTONOMY;
        }
        return reason == null ? Optional.empty() : Optional.of(new Refusal(scope, reason, needed, autonomy));
    }
}

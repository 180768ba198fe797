package io.github.idgov.bench.jmh;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.PrincipalDirectory;
import io.github.idgov.core.PrincipalRef;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Attribute maps as Keycloak stores them (multi-valued), for the principals the benchmarks resolve and validate. */
final class Principals {

    static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    static final PrincipalRef AGENT = new PrincipalRef("u-agent", "service-account-research-agent", "research-agent");
    static final PrincipalRef PERSON = new PrincipalRef("u-alice", "alice", null);

    /** Owner and sponsor exist and are enabled humans. */
    static final PrincipalDirectory DIRECTORY = username -> username.equals("alice") || username.equals("bob")
            ? Optional.of(new PrincipalDirectory.PrincipalState(true, IdentityClass.HUMAN)) : Optional.empty();

    private Principals() {
    }

    /** An AI agent with every governance attribute set and valid: the most work for resolution and rules. */
    static Map<String, List<String>> completeAgent() {
        return Map.ofEntries(
                Map.entry("identity_class", List.of("ai-agent")),
                Map.entry("identity_owner", List.of("alice")),
                Map.entry("identity_sponsor", List.of("bob")),
                Map.entry("identity_purpose", List.of("Summarises supplier contracts for the procurement team")),
                Map.entry("identity_environment", List.of("prod")),
                Map.entry("identity_risk_tier", List.of("high")),
                Map.entry("identity_autonomy", List.of("recommend")),
                Map.entry("identity_expires_at", List.of(TODAY.plusDays(60).toString())),
                Map.entry("identity_review_cadence_days", List.of("90")),
                Map.entry("identity_last_reviewed_at", List.of("2026-05-01T09:30:00Z")),
                Map.entry("identity_last_reviewed_by", List.of("bob")),
                // attributes of other origins a real user carries alongside
                Map.entry("locale", List.of("en")),
                Map.entry("department", List.of("procurement")));
    }

    /** A person with no governance attribute: the common case, class derived. */
    static Map<String, List<String>> plainPerson() {
        return Map.of("locale", List.of("en"), "department", List.of("finance"));
    }

    /** An agent missing sponsor and expiry and with a malformed tier: the rules report several violations. */
    static Map<String, List<String>> incompleteAgent() {
        return Map.of(
                "identity_class", List.of("ai-agent"),
                "identity_owner", List.of("alice"),
                "identity_purpose", List.of("Drafts replies"),
                "identity_risk_tier", List.of("extreme"));
    }
}

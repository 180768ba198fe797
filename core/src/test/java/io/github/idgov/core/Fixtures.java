package io.github.idgov.core;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared test helpers: a fixed clock, a small directory of people, and an attribute-map builder. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    static final String ALL_CLASSES = "human, service-account, bot, ai-agent";

    /** alice, bob: enabled humans; dora: disabled human; robo: enabled bot; zed: disabled ai-agent. */
    static final PrincipalDirectory DIRECTORY = username -> switch (username) {
        case "alice", "bob" -> Optional.of(new PrincipalDirectory.PrincipalState(true, IdentityClass.HUMAN));
        case "dora" -> Optional.of(new PrincipalDirectory.PrincipalState(false, IdentityClass.HUMAN));
        case "robo" -> Optional.of(new PrincipalDirectory.PrincipalState(true, IdentityClass.BOT));
        case "zed" -> Optional.of(new PrincipalDirectory.PrincipalState(false, IdentityClass.AI_AGENT));
        default -> Optional.empty();
    };

    /** A directory that knows nobody. */
    static final PrincipalDirectory NOBODY = username -> Optional.empty();

    private Fixtures() {
    }

    static GovernanceRules rules() {
        return new GovernanceRules(ExpiryHorizons.defaults(), CLOCK);
    }

    static Attrs attrs() {
        return new Attrs();
    }

    /** The minimal complete record for a class: what that class requires, nothing more. */
    static Attrs complete(IdentityClass identityClass) {
        Attrs a = attrs().with(GovernanceAttribute.CLASS, identityClass.value());
        if (identityClass.isMachine()) {
            a.with(GovernanceAttribute.OWNER, "alice")
                    .with(GovernanceAttribute.PURPOSE, "nightly export")
                    .with(GovernanceAttribute.EXPIRES_AT, TODAY.plusDays(30).toString());
        }
        if (identityClass == IdentityClass.AI_AGENT) {
            a.with(GovernanceAttribute.SPONSOR, "bob");
        }
        return a;
    }

    static List<Violation> validateAllFields(GovernanceRules rules, Map<String, ? extends List<String>> map,
                                             boolean serviceAccountUser, PrincipalDirectory directory) {
        List<Violation> union = new ArrayList<>();
        for (GovernanceAttribute field : GovernanceAttribute.values()) {
            union.addAll(rules.validateField(field, map, serviceAccountUser, directory));
        }
        return union;
    }

    /** Fluent builder for Keycloak-style {@code Map<String, List<String>>} attribute maps. */
    static final class Attrs {
        private final Map<String, List<String>> map = new LinkedHashMap<>();

        Attrs with(GovernanceAttribute attribute, String... values) {
            map.put(attribute.attributeName(), new ArrayList<>(Arrays.asList(values)));
            return this;
        }

        Attrs without(GovernanceAttribute attribute) {
            map.remove(attribute.attributeName());
            return this;
        }

        Attrs copy() {
            Attrs copy = new Attrs();
            map.forEach((k, v) -> copy.map.put(k, new ArrayList<>(v)));
            return copy;
        }

        Map<String, List<String>> map() {
            return map;
        }
    }
}

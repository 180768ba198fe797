package io.github.idgov.core;

import java.util.List;

/**
 * One broken governance rule on one attribute.
 *
 * @param messageKey localized message key (theme messages); params fill its placeholders
 */
public record Violation(GovernanceAttribute field, Kind kind, String messageKey, List<String> params) {

    public enum Kind {
        /** The value itself is wrong (unknown enum, bad date, unknown owner): refused whenever governance is on. */
        MALFORMED,
        /** The value is well-formed but the class's policy is not met: refused in enforce, recorded in monitor. */
        POLICY
    }

    public Violation {
        params = List.copyOf(params);
    }

    static Violation malformed(GovernanceAttribute field, String messageKey, String... params) {
        return new Violation(field, Kind.MALFORMED, messageKey, List.of(params));
    }

    static Violation policy(GovernanceAttribute field, String messageKey, String... params) {
        return new Violation(field, Kind.POLICY, messageKey, List.of(params));
    }

    /** English rendering for logs, import errors and audit reasons; {0} is the attribute, as in Keycloak's messages. */
    public String describe() {
        List<String> all = new java.util.ArrayList<>(params.size() + 1);
        all.add(field.attributeName());
        all.addAll(params);
        return MessageTexts.render(messageKey, all);
    }
}

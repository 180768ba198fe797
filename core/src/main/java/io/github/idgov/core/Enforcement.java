package io.github.idgov.core;

/** What a realm's mode makes of a violation. */
public enum Enforcement {
    /** Refuse the change. */
    REJECT,
    /** Let it through and record a would-deny decision. */
    RECORD,
    /** Governance is off: the realm is untouched. */
    IGNORE;

    public static Enforcement of(GovernanceMode mode, Violation violation) {
        return switch (mode) {
            case OFF -> IGNORE;
            case ENFORCE -> REJECT;
            case MONITOR -> violation.kind() == Violation.Kind.MALFORMED ? REJECT : RECORD;
        };
    }
}

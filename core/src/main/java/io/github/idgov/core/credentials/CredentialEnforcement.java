package io.github.idgov.core.credentials;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.GovernanceMode;

/**
 * How the credential policy acts in a governed realm. Moving a fleet of machines from secrets to keys or workload
 * identity takes time, so the policy has its own rollout switch on top of the realm's mode.
 */
public enum CredentialEnforcement implements AttributeValue {
    /** Follow the realm's mode: enforce refuses, monitor records would-deny. */
    REALM("realm"),
    /** Record would-deny decisions only, whatever the realm's mode. */
    MONITOR("monitor");

    public static final CredentialEnforcement DEFAULT = MONITOR;

    private final String value;

    CredentialEnforcement(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /** The mode the policy acts in: never stricter than the realm. */
    public GovernanceMode effective(GovernanceMode realmMode) {
        return this == MONITOR && realmMode == GovernanceMode.ENFORCE ? GovernanceMode.MONITOR : realmMode;
    }
}

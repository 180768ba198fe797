package io.github.idgov.core.alerts;

import io.github.idgov.core.AttributeValue;

/** What an anomaly alert is about: {@code alert.kind} of an audit record of type {@code ALERT}. */
public enum AlertKind implements AttributeValue {
    /** A role, group or client scope added to a non-human identity, or its autonomy raised. */
    PRIVILEGE_ESCALATION("privilege-escalation"),
    /** A credential added, reset, rotated or uploaded for a non-human identity. */
    CREDENTIAL_CHANGE("credential-change"),
    /** A non-human identity's tokens in the current window far above its own recent windows. */
    RATE_ANOMALY("rate-anomaly"),
    /** A non-human identity used from a network range it had not been seen in. */
    NEW_NETWORK("new-network");

    private final String value;

    AlertKind(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }
}

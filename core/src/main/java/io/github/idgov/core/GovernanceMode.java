package io.github.idgov.core;

/** Per-realm rollout switch: off leaves the realm untouched, monitor records would-be denials, enforce denies. */
public enum GovernanceMode implements AttributeValue {
    OFF("off"),
    MONITOR("monitor"),
    ENFORCE("enforce");

    private final String value;

    GovernanceMode(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public boolean isOn() {
        return this != OFF;
    }
}

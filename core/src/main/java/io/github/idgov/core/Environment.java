package io.github.idgov.core;

/** Deployment environment a principal belongs to; segments blast radius. */
public enum Environment implements AttributeValue {
    PROD("prod"),
    STAGING("staging"),
    DEV("dev");

    private final String value;

    Environment(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }
}

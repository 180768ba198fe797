package io.github.idgov.core;

/** How much damage the principal can do; drives review grace and credential policy. */
public enum RiskTier implements AttributeValue {
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high"),
    CRITICAL("critical");

    /** DESIGN.md section 3: absent means medium. */
    public static final RiskTier DEFAULT = MEDIUM;

    private final String value;

    RiskTier(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }
}

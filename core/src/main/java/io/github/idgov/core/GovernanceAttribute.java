package io.github.idgov.core;

import java.util.Arrays;
import java.util.Optional;

/** The governance attributes on a principal's user (DESIGN.md section 3): the one place their names are spelled. */
public enum GovernanceAttribute {
    CLASS("identity_class", "Identity class"),
    OWNER("identity_owner", "Owner"),
    SPONSOR("identity_sponsor", "Sponsor"),
    PURPOSE("identity_purpose", "Purpose"),
    ENVIRONMENT("identity_environment", "Environment"),
    RISK_TIER("identity_risk_tier", "Risk tier"),
    AUTONOMY("identity_autonomy", "Autonomy"),
    EXPIRES_AT("identity_expires_at", "Expires at"),
    REVIEW_CADENCE_DAYS("identity_review_cadence_days", "Review cadence (days)"),
    LAST_REVIEWED_AT("identity_last_reviewed_at", "Last reviewed at"),
    LAST_REVIEWED_BY("identity_last_reviewed_by", "Last reviewed by"),
    /**
     * Written by the pack's lifecycle controls: {@code review-required} after a reclassification, {@code orphaned}, and
     * the sweep's flags ({@link ReviewStatus}, {@code incomplete} among them).
     */
    REVIEW_STATUS("identity_review_status", "Review status"),
    /** Written by the pack when the class changes or autonomy is raised; a review after it clears the requirement. */
    RECLASSIFIED_AT("identity_reclassified_at", "Reclassified at"),
    /** Overrides the class default of the command limiter: tokens per minute, 0 = no limit. */
    RATE_LIMIT_TOKENS_PER_MINUTE("identity_rate_limit_tokens_per_minute", "Token limit (per minute)"),
    /** Overrides the class default of the command limiter: delegated exchanges per hour, 0 = no limit. */
    RATE_LIMIT_EXCHANGES_PER_HOUR("identity_rate_limit_exchanges_per_hour", "Delegated exchange limit (per hour)");

    /** User-profile attribute group that holds them all. */
    public static final String GROUP = "identity-governance";

    private final String attributeName;
    private final String displayName;

    GovernanceAttribute(String attributeName, String displayName) {
        this.attributeName = attributeName;
        this.displayName = displayName;
    }

    public String attributeName() {
        return attributeName;
    }

    public String displayName() {
        return displayName;
    }

    /** Written only by the review action or the pack's lifecycle controls, never through the user form. */
    public boolean isReadOnly() {
        return this == LAST_REVIEWED_AT || this == LAST_REVIEWED_BY || this == REVIEW_STATUS || this == RECLASSIFIED_AT;
    }

    public static Optional<GovernanceAttribute> byName(String attributeName) {
        return Arrays.stream(values()).filter(a -> a.attributeName.equals(attributeName)).findFirst();
    }
}

package io.github.idgov.core;

import java.util.EnumMap;
import java.util.Map;

/**
 * Review cadence and grace periods of the lifecycle controls. Cadence (days between reviews) is per class; the
 * grace period after a missed review is configured per class and per risk tier, and the stricter (shorter) of
 * the two applies.
 */
public final class LifecycleSettings {

    private final Map<IdentityClass, Integer> cadenceDays;
    private final Map<IdentityClass, Integer> classGraceDays;
    private final Map<RiskTier, Integer> tierGraceDays;

    private LifecycleSettings(Builder builder) {
        this.cadenceDays = new EnumMap<>(builder.cadenceDays);
        this.classGraceDays = new EnumMap<>(builder.classGraceDays);
        this.tierGraceDays = new EnumMap<>(builder.tierGraceDays);
    }

    public static LifecycleSettings defaults() {
        return builder().build();
    }

    /** Starts from the defaults: cadence human 365, service-account 180, bot 180, ai-agent 90 days. */
    public static Builder builder() {
        return new Builder();
    }

    public static int defaultCadenceDays(IdentityClass identityClass) {
        return switch (identityClass) {
            case HUMAN -> 365;
            case SERVICE_ACCOUNT, BOT -> 180;
            case AI_AGENT -> 90;
        };
    }

    /** Grace after a missed review, by class: human 30, service-account 14, bot 14, ai-agent 7 days. */
    public static int defaultGraceDays(IdentityClass identityClass) {
        return switch (identityClass) {
            case HUMAN -> 30;
            case SERVICE_ACCOUNT, BOT -> 14;
            case AI_AGENT -> 7;
        };
    }

    /** Grace after a missed review, by risk tier: low 30, medium 30, high 7, critical 0 days. */
    public static int defaultGraceDays(RiskTier tier) {
        return switch (tier) {
            case LOW, MEDIUM -> 30;
            case HIGH -> 7;
            case CRITICAL -> 0;
        };
    }

    public int cadenceDays(IdentityClass identityClass) {
        return cadenceDays.get(identityClass);
    }

    public int graceDays(IdentityClass identityClass) {
        return classGraceDays.get(identityClass);
    }

    public int graceDays(RiskTier tier) {
        return tierGraceDays.get(tier);
    }

    /** The grace that applies to a principal: the shorter of its class's and its tier's. */
    public int graceDays(IdentityClass identityClass, RiskTier tier) {
        return Math.min(graceDays(identityClass), graceDays(tier));
    }

    @Override
    public String toString() {
        return "LifecycleSettings[cadence=" + cadenceDays + ", classGrace=" + classGraceDays + ", tierGrace=" + tierGraceDays + "]";
    }

    public static final class Builder {

        private final Map<IdentityClass, Integer> cadenceDays = new EnumMap<>(IdentityClass.class);
        private final Map<IdentityClass, Integer> classGraceDays = new EnumMap<>(IdentityClass.class);
        private final Map<RiskTier, Integer> tierGraceDays = new EnumMap<>(RiskTier.class);

        private Builder() {
            for (IdentityClass c : IdentityClass.values()) {
                cadenceDays.put(c, defaultCadenceDays(c));
                classGraceDays.put(c, defaultGraceDays(c));
            }
            for (RiskTier t : RiskTier.values()) {
                tierGraceDays.put(t, defaultGraceDays(t));
            }
        }

        public Builder cadenceDays(IdentityClass identityClass, int days) {
            if (days < 1 || days > Formats.MAX_CADENCE_DAYS) {
                throw new IllegalArgumentException("review cadence for " + identityClass.value() + " must be between 1 and "
                        + Formats.MAX_CADENCE_DAYS + " days, got " + days);
            }
            cadenceDays.put(identityClass, days);
            return this;
        }

        public Builder graceDays(IdentityClass identityClass, int days) {
            classGraceDays.put(identityClass, nonNegative("review grace for " + identityClass.value(), days));
            return this;
        }

        public Builder graceDays(RiskTier tier, int days) {
            tierGraceDays.put(tier, nonNegative("review grace for risk tier " + tier.value(), days));
            return this;
        }

        public LifecycleSettings build() {
            return new LifecycleSettings(this);
        }

        private static int nonNegative(String what, int days) {
            if (days < 0) {
                throw new IllegalArgumentException(what + " must be 0 or more days, got " + days);
            }
            return days;
        }
    }
}

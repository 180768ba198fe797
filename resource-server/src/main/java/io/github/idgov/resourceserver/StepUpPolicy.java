package io.github.idgov.resourceserver;

import java.util.Map;
import java.util.Objects;

/**
 * What a resource (or an operation on it) needs: the authentication level named by {@code acr} (sent back to the
 * client as {@code acr_values}), and optionally that the authentication be at most {@code maxAgeSeconds} old
 * (sent back as {@code max_age}). Levels compare by number: an {@code acr} that is a whole number is its own level
 * (Keycloak's default), other values go through {@code acrLevels} (Keycloak's {@code acr.loa.map}); an unknown
 * {@code acr} is below every level.
 *
 * @param maxAgeSeconds at least 0, or null for no freshness requirement
 */
public record StepUpPolicy(String acr, Integer maxAgeSeconds, Map<String, Integer> acrLevels) {

    public StepUpPolicy {
        Objects.requireNonNull(acr, "acr");
        acrLevels = acrLevels == null ? Map.of() : Map.copyOf(acrLevels);
        if (maxAgeSeconds != null && maxAgeSeconds < 0) {
            throw new IllegalArgumentException("maxAgeSeconds: " + maxAgeSeconds + " is negative");
        }
        if (level(acr, acrLevels) == null) {
            throw new IllegalArgumentException("acr: \"" + acr + "\" is neither a whole number nor in acrLevels " + acrLevels.keySet());
        }
    }

    /** A numeric level (e.g. {@code "2"}) within {@code maxAgeSeconds}. */
    public static StepUpPolicy level(int level, Integer maxAgeSeconds) {
        return new StepUpPolicy(String.valueOf(level), maxAgeSeconds, Map.of());
    }

    int requiredLevel() {
        return level(acr, acrLevels);
    }

    /** The level of an acr value, or null when it has none. */
    Integer levelOf(String acrValue) {
        return acrValue == null ? null : level(acrValue, acrLevels);
    }

    private static Integer level(String acr, Map<String, Integer> levels) {
        Integer mapped = levels.get(acr);
        if (mapped != null) {
            return mapped;
        }
        try {
            return Integer.parseInt(acr.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

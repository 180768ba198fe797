package io.github.idgov.resourceserver;

import java.time.Instant;
import java.util.Map;

/**
 * Checks the claims of a token the caller has already verified (signature, issuer, audience, expiry) against a
 * {@link StepUpPolicy}: {@code acr} at least the required level, and {@code auth_time} no older than the max age.
 */
public final class StepUpCheck {

    private final StepUpPolicy policy;

    public StepUpCheck(StepUpPolicy policy) {
        this.policy = policy;
    }

    public Outcome check(Map<String, Object> claims, Instant now) {
        Object acr = claims.get("acr");
        Integer level = acr instanceof String value ? policy.levelOf(value) : null;
        if (level == null || level < policy.requiredLevel()) {
            return Outcome.insufficient("authentication level " + (acr == null ? "none" : "\"" + acr + "\"")
                    + " is below the required \"" + policy.acr() + "\"");
        }
        if (policy.maxAgeSeconds() != null) {
            Long authTime = epochSeconds(claims.get("auth_time"));
            if (authTime == null) {
                return Outcome.insufficient("the token has no auth_time, and a recent authentication is required");
            }
            if (authTime + policy.maxAgeSeconds() < now.getEpochSecond()) {
                return Outcome.insufficient("more recent authentication is required (at most " + policy.maxAgeSeconds() + " s ago)");
            }
        }
        return Outcome.SATISFIED;
    }

    public StepUpPolicy policy() {
        return policy;
    }

    private static Long epochSeconds(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Satisfied, or insufficient with a description for the challenge. */
    public record Outcome(boolean satisfied, String description) {

        static final Outcome SATISFIED = new Outcome(true, null);

        static Outcome insufficient(String description) {
            return new Outcome(false, description);
        }
    }
}

package io.github.idgov.core;

/**
 * A policy decision of the pack about one principal (DESIGN.md section 3, audit record field {@code decision}).
 *
 * @param principal username (or client id) the decision is about
 * @param policy    which control decided, e.g. {@code governance-attributes}, {@code lifecycle-expiry}
 * @param reason    English explanation, never a secret
 */
public record Decision(String principal, String policy, Result result, String reason) {

    public enum Result implements AttributeValue {
        ALLOW("allow"),
        DENY("deny"),
        STEP_UP("step-up"),
        WOULD_DENY("would-deny");

        private final String value;

        Result(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }

    /** What a realm's mode makes of a denial: deny in enforce, would-deny in monitor. */
    public static Result denialIn(GovernanceMode mode) {
        return mode == GovernanceMode.ENFORCE ? Result.DENY : Result.WOULD_DENY;
    }
}

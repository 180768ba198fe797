package io.github.idgov.core.delegation;

import java.util.Locale;
import java.util.Optional;

/**
 * Life of one approval: {@code pending} until the person approves or denies, {@code approved} until the agent's poll
 * consumes it ({@code consumed}); a pending approval past its expiry is {@code expired}. Every step is one-way, so an
 * approval is decided once and used once.
 */
public enum ApprovalState {
    PENDING, APPROVED, DENIED, CONSUMED, EXPIRED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ApprovalState> parse(String value) {
        for (ApprovalState state : values()) {
            if (state.value().equals(value)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** Why a decision on an approval in this state at {@code now} cannot be taken, or empty when it can. */
    public Optional<Refusal> decisionRefusal(long expiresAt, long now) {
        if (this != PENDING) {
            return Optional.of(this == EXPIRED ? Refusal.EXPIRED : Refusal.ALREADY_DECIDED);
        }
        return now >= expiresAt ? Optional.of(Refusal.EXPIRED) : Optional.empty();
    }

    /** Why a decision cannot be taken. */
    public enum Refusal { ALREADY_DECIDED, EXPIRED }
}

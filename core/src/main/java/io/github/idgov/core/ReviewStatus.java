package io.github.idgov.core;

/**
 * The stored values of {@code identity_review_status}: flags the sweep and the lifecycle events set on an identity,
 * and the lifecycle statuses the review API filters by.
 */
public enum ReviewStatus {
    EXPIRED("expired"),
    /** A machine without the attributes its class requires ({@link RequiredAttributes}): the token gate refuses it. */
    INCOMPLETE("incomplete"),
    ORPHANED("orphaned"),
    REVIEW_REQUIRED("review-required"),
    REVIEW_OVERDUE("review-overdue"),
    REVIEW_DUE("review-due"),
    /** No login or token for longer than the class allows ({@link Inactivity}). */
    STALE("stale");

    private final String value;

    ReviewStatus(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}

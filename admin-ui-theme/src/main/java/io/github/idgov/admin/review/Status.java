package io.github.idgov.admin.review;

import io.github.idgov.core.ReviewStatus;
import java.util.Arrays;
import java.util.Optional;

/**
 * The statuses the API reports and filters on, in precedence order: an identity's primary status is the first that
 * holds (the same order, and for the flags the same values, as the lifecycle sweep's {@code identity_review_status}). {@link #DERIVED_CLASS} is a
 * flag beside the lifecycle statuses; {@link #OK} holds when no lifecycle status does.
 */
enum Status {
    EXPIRED(ReviewStatus.EXPIRED.value()),
    INCOMPLETE(ReviewStatus.INCOMPLETE.value()),
    ORPHANED(ReviewStatus.ORPHANED.value()),
    REVIEW_REQUIRED(ReviewStatus.REVIEW_REQUIRED.value()),
    REVIEW_OVERDUE(ReviewStatus.REVIEW_OVERDUE.value()),
    STALE(ReviewStatus.STALE.value()),
    REVIEW_DUE(ReviewStatus.REVIEW_DUE.value()),
    EXPIRING("expiring"),
    OK("ok"),
    DERIVED_CLASS("derived-class");

    private final String value;

    Status(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    boolean isLifecycle() {
        return this != OK && this != DERIVED_CLASS;
    }

    static Optional<Status> parse(String raw) {
        return Arrays.stream(values()).filter(s -> s.value.equals(raw)).findFirst();
    }

    static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(Status::value).toList());
    }
}

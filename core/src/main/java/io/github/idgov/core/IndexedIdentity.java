package io.github.idgov.core;

import java.time.Instant;
import java.util.Locale;

/**
 * What the review index stores about one identity: the time-independent facts its status filters and sorts are
 * computed from in the database (dates, flags, owner and sponsor names), never a status itself, since "expired" or
 * "review overdue" change with the clock, not with the identity.
 *
 * @param expiresOn    ISO date ({@code yyyy-MM-dd}), so string order is date order in every database
 * @param reviewDueAt  epoch millis the next review is due
 * @param overdueAfter epoch millis after which the review is overdue (due plus grace)
 * @param incomplete   the class's required attributes are not all set ({@link RequiredAttributes}): the token gate refuses
 */
public record IndexedIdentity(String username, String identityClass, boolean classDerived, boolean enabled, String owner,
                              String sponsor, String expiresOn, Long reviewDueAt, Long overdueAfter, Long lastReviewedAt,
                              Long createdAt, boolean reviewRequired, boolean incomplete) {

    public static IndexedIdentity of(GovernanceRecord record, LifecycleMarkers markers, LifecyclePolicy policy, boolean enabled) {
        return new IndexedIdentity(record.principal().username(), record.identityClass().value(), record.classDerived(), enabled,
                lower(record.owner()), lower(record.sponsor()), record.expiresAt() == null ? null : record.expiresAt().toString(),
                millis(policy.reviewDue(record, markers).orElse(null)), millis(policy.overdueAfter(record, markers).orElse(null)),
                millis(record.lastReviewedAt()), millis(markers.createdAt()), policy.reviewRequired(record, markers),
                !RequiredAttributes.missing(record).isEmpty());
    }

    /** Usernames are stored in lower case by Keycloak; owner and sponsor are matched against them. */
    private static String lower(String username) {
        return username == null ? null : username.toLowerCase(Locale.ROOT);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}

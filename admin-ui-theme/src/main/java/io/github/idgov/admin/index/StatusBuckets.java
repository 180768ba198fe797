package io.github.idgov.admin.index;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.IndexedIdentity;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The time-dependent statuses of one index row, precomputed: which of the review API's clock predicates hold
 * ({@link #EXPIRED} … {@link #STALE}, evaluated exactly as the API's queries evaluate them at an instant) and the
 * interval {@code [from, until)} of instants over which that answer cannot change. Every predicate starts to hold at a
 * fixed instant of the row's facts (the expiry day, the day 30 days before it, the review due date less the warning
 * window, the overdue instant, the last use plus the stale days) and never stops again, except {@code expiring} and
 * {@code review-due}, which end exactly when {@code expired} and {@code review-overdue} start; so the answer is
 * constant between two consecutive such instants. A row read at an instant inside its interval (and computed under
 * the current {@link StatusBasis}) is answered from these columns; any other row is computed live by the database.
 */
public final class StatusBuckets {

    public static final int EXPIRED = 1;
    public static final int EXPIRING = 2;
    public static final int OVERDUE = 4;
    /** Review due within the warning window and not yet overdue. */
    public static final int DUE = 8;
    /** The due date lies within the warning window (also when overdue): what {@code ok} excludes. */
    public static final int DUE_STARTED = 16;
    public static final int STALE = 32;

    /** Days before the expiry an identity counts as {@code expiring} (the review API's window). */
    public static final int EXPIRING_DAYS = 30;

    /** The primary status's rank, in the review API's order; the database computes the same numbers for live rows. */
    public static final int RANK_EXPIRED = 0;
    public static final int RANK_INCOMPLETE = 1;
    public static final int RANK_ORPHANED = 2;
    public static final int RANK_REQUIRED = 3;
    public static final int RANK_OVERDUE = 4;
    public static final int RANK_STALE = 5;
    public static final int RANK_DUE = 6;
    public static final int RANK_EXPIRING = 7;
    public static final int RANK_OK = 8;

    private static final long DAY = 86_400_000L;
    /** Instants beyond this (about year 33,000) are not precomputed, so no arithmetic below can overflow. */
    private static final long FAR = 1_000_000_000_000_000L;
    /** An interval no instant lies in: the row is always computed live. */
    static final Bucket LIVE = new Bucket(0, 0, 0);

    private StatusBuckets() {
    }

    /** The predicates that hold at {@code now} and the instants between which they keep holding. */
    record Bucket(int mask, long from, long until) {
    }

    static Bucket at(IndexedIdentity facts, Long lastUsedAt, StatusBasis basis, long now) {
        Thresholds thresholds = new Thresholds(now);
        int mask = 0;
        if (facts.expiresOn() != null) {
            Optional<LocalDate> expires = isoDate(facts.expiresOn());
            if (expires.isEmpty()) {
                return LIVE; // the database compares the text; only well-formed dates are precomputed
            }
            long expiredFrom = startOfDay(expires.get());
            long expiringFrom = startOfDay(expires.get().minusDays(EXPIRING_DAYS));
            mask |= thresholds.reached(expiredFrom) ? EXPIRED : 0;
            mask |= thresholds.reached(expiringFrom) && !thresholds.reached(expiredFrom) ? EXPIRING : 0;
        }
        boolean overdue = false;
        if (facts.overdueAfter() != null) {
            if (far(facts.overdueAfter())) {
                return LIVE;
            }
            overdue = thresholds.reached(facts.overdueAfter() + 1); // overdue: the instant lies strictly in the past
            mask |= overdue ? OVERDUE : 0;
        }
        if (facts.reviewDueAt() != null) {
            if (far(facts.reviewDueAt())) {
                return LIVE;
            }
            boolean started = thresholds.reached(facts.reviewDueAt() - basis.warningDays() * DAY);
            mask |= started ? DUE_STARTED : 0;
            mask |= started && !overdue ? DUE : 0;
        }
        // the database matches the stored text against each class's value: so does this
        Optional<IdentityClass> identityClass = AttributeValue.parse(IdentityClass.class, facts.identityClass())
                .filter(parsed -> parsed.value().equals(facts.identityClass()));
        int staleDays = identityClass.map(basis.inactivity()::staleDays).orElse(0);
        if (staleDays > 0) {
            Long since = lastUsedAt != null ? lastUsedAt : facts.createdAt();
            if (since == null || far(since)) {
                return LIVE; // the database's "not stale" is unknown (null) without a date: left to it
            }
            mask |= thresholds.reached(since + staleDays * DAY + 1) ? STALE : 0;
        }
        return new Bucket(mask, thresholds.from, thresholds.until);
    }

    /** The rank of the first status that holds, from the precomputed predicates and the stored flags. */
    static int rank(int mask, boolean orphaned, boolean reviewRequired, boolean incomplete) {
        if ((mask & EXPIRED) != 0) {
            return RANK_EXPIRED;
        }
        if (incomplete) {
            return RANK_INCOMPLETE;
        }
        if (orphaned) {
            return RANK_ORPHANED;
        }
        if (reviewRequired) {
            return RANK_REQUIRED;
        }
        if ((mask & OVERDUE) != 0) {
            return RANK_OVERDUE;
        }
        if ((mask & STALE) != 0) {
            return RANK_STALE;
        }
        if ((mask & DUE) != 0) {
            return RANK_DUE;
        }
        return (mask & EXPIRING) != 0 ? RANK_EXPIRING : RANK_OK;
    }

    /** {@code ok}: no status at all (the flags included). */
    public static boolean ok(int mask, boolean orphaned, boolean reviewRequired, boolean incomplete) {
        return (mask & (EXPIRED | EXPIRING | DUE_STARTED | STALE)) == 0 && !orphaned && !reviewRequired && !incomplete;
    }

    /** A date as the index stores it ({@code yyyy-MM-dd}, four-digit year, so text order is date order). */
    private static Optional<LocalDate> isoDate(String text) {
        try {
            LocalDate date = LocalDate.parse(text);
            return date.getYear() >= 1000 && date.getYear() < 9000 && date.toString().equals(text) ? Optional.of(date) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty(); // not a date: the database's text comparison decides, live
        }
    }

    private static long startOfDay(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static boolean far(long instant) {
        return Math.abs(instant) > FAR;
    }

    /** Collects, around {@code now}, the last threshold reached and the first one ahead. */
    private static final class Thresholds {
        private final long now;
        private long from = Long.MIN_VALUE;
        private long until = Long.MAX_VALUE;

        Thresholds(long now) {
            this.now = now;
        }

        /** Whether the predicate starting at {@code instant} holds at now. */
        boolean reached(long instant) {
            if (instant <= now) {
                from = Math.max(from, instant);
                return true;
            }
            until = Math.min(until, instant);
            return false;
        }
    }
}

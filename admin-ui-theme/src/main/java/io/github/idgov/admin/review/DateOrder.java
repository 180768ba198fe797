package io.github.idgov.admin.review;

import java.util.List;

/**
 * The order of a date sort ({@code expiresAt}, {@code reviewDueAt}, {@code lastReviewedAt}, {@code createdAt}) as
 * consecutive segments, each one range of the index on (realm, column, username): the dated rows and the undated
 * ones, in the order the API gives them. Each segment holds only dated or only undated rows, so its query orders by
 * realm, column and username exactly as the index does, with no {@code nulls first/last} clause (H2 matches an
 * index to an order only without one, and H2 and PostgreSQL keep nulls at opposite ends of an index). The dated
 * rows are {@code column >= lowest}, not {@code is not null}: H2 answers no {@code is not null} from an index and
 * walks every undated entry before the first dated one (ascending) or after the last (descending).
 */
final class DateOrder {

    /** The parameter of the lowest value a dated row holds. */
    static final String LOWEST = "lowestValue";
    /** Stored expiry days are ISO dates of four-digit years ({@code yyyy-MM-dd}, a ten-character column). */
    private static final String LOWEST_DAY = "0000-01-01";

    private DateOrder() {
    }

    static boolean sorts(IdentityQuery.Sort sort) {
        return switch (sort) {
            case EXPIRES_AT, LAST_REVIEWED_AT, REVIEW_DUE_AT, CREATED_AT -> true;
            case USERNAME, CLASS, STATUS -> false;
        };
    }

    /** The value every dated row's column is at least: its range bound on the index. */
    static Object lowest(IdentityQuery.Sort sort) {
        return sort == IdentityQuery.Sort.EXPIRES_AT ? LOWEST_DAY : Long.MIN_VALUE;
    }

    /**
     * Whether the undated rows come last: after every date ascending for {@code expiresAt} and {@code reviewDueAt}
     * (nothing to expire or review last), before every date ascending for {@code lastReviewedAt} and
     * {@code createdAt} (never reviewed first); a descending order reverses it ({@link IdentityQuery#comparator()}).
     */
    static boolean undatedLast(IdentityQuery.Sort sort, boolean descending) {
        boolean lastWhenAscending = sort == IdentityQuery.Sort.EXPIRES_AT || sort == IdentityQuery.Sort.REVIEW_DUE_AT;
        return lastWhenAscending != descending;
    }

    /** The whole order, for paging by position. */
    static List<String> segments(IdentityQuery.Sort sort, boolean descending, String column) {
        String dated = dated(column);
        String undated = " and " + column + " is null";
        return undatedLast(sort, descending) ? List.of(dated, undated) : List.of(undated, dated);
    }

    /**
     * The rows after a cursor's key: after a dated key its ties by username ({@code column = :afterValue}), the later
     * dates, then the undated rows where they come last; after an undated key the rest of them by username, then
     * every dated row where they come first. Each segment starts exactly at the key, so none reads the rows before it.
     */
    static List<String> segmentsAfter(IdentityQuery.Sort sort, boolean descending, Object value, String column) {
        String after = descending ? " < " : " > ";
        String ties = " and i.username" + after + ":afterUsername";
        boolean undatedLast = undatedLast(sort, descending);
        if (value == null) {
            String undated = " and " + column + " is null" + ties;
            return undatedLast ? List.of(undated) : List.of(undated, dated(column));
        }
        String tied = " and " + column + " = :afterValue" + ties;
        String later = " and " + column + after + ":afterValue" + dated(column);
        return undatedLast ? List.of(tied, later, " and " + column + " is null") : List.of(tied, later);
    }

    /** The dated rows as a range (bounded below, so a descending walk stops before the undated entries). */
    private static String dated(String column) {
        return " and " + column + " >= :" + LOWEST;
    }
}

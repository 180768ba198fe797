package io.github.idgov.admin.review;

import io.github.idgov.admin.index.StatusBuckets;
import io.github.idgov.core.IdentityClass;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The rows after a cursor's key in {@code class} or {@code status} order as two ranges of the index on (realm,
 * column, username), each walked in the index's own order: the key's ties by username, then the later values. One
 * predicate for both ({@code column > v or (column = v and username > u)}) is no range: the walk started at the key's
 * class or rank and read all its entries before the key. The later values start at the next value that can be stored
 * ({@code column >= next}), not {@code column > key}: H2 starts a {@code >} or {@code <} range at the key and reads
 * its equal entries too, and here those are the key's whole class or rank.
 */
final class ClassStatusOrder {

    /** The parameter of the first value after the key's. */
    static final String LATER = "laterValue";

    private ClassStatusOrder() {
    }

    /** The ties after the key, then, where a value follows the key's ({@code later} not null), every row from that value on. */
    static List<String> segmentsAfter(boolean descending, Object later, String column) {
        String tied = " and " + column + " = :afterValue and i.username" + (descending ? " < " : " > ") + ":afterUsername";
        if (later == null) {
            return List.of(tied);
        }
        return List.of(tied, " and " + column + (descending ? " <= :" : " >= :") + LATER);
    }

    /**
     * The first value after {@code value} in the sort's order that a row can hold, null when none does: the next
     * rank, or the next class value in string order (the order the database and {@link IdentityQuery#comparator()}
     * give the stored values, which are always one of {@link IdentityClass}'s: their first letters differ, so every
     * collation orders them alike).
     */
    static Object later(IdentityQuery.Sort sort, boolean descending, Object value) {
        return switch (sort) {
            case STATUS -> {
                int next = (Integer) value + (descending ? -1 : 1);
                yield next < StatusBuckets.RANK_EXPIRED || next > StatusBuckets.RANK_OK ? null : next;
            }
            case CLASS -> {
                Comparator<String> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
                yield Arrays.stream(IdentityClass.values()).map(IdentityClass::value)
                        .filter(v -> order.compare(v, (String) value) > 0).min(order).orElse(null);
            }
            default -> throw new IllegalArgumentException(sort.value() + " is no class or status sort");
        };
    }
}

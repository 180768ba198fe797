package io.github.idgov.admin.review;

import io.github.idgov.admin.index.IdentityIndex;
import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.IdentityClass;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Lists, pages, sorts and counts a realm's identities from the review index in one database query each, so a page
 * of a 100k-identity realm costs an indexed query plus the page's own users. Statuses are computed in the query
 * from the stored dates and flags at the request's instant, with the same rules (and boundaries) as {@link Assessor};
 * the caller re-checks each returned identity live, so a stale row can hide an identity until it is refreshed, never
 * show a wrong one.
 */
final class IndexedListing {

    private static final String EXPIRED = "i.expiresOn <= :today";
    private static final String EXPIRING = "(i.expiresOn > :today and i.expiresOn <= :expiringEdge)";
    private static final String OVERDUE = "i.overdueAfter < :now";
    private static final String DUE = "(i.reviewDueAt <= :warnEdge and (i.overdueAfter is null or i.overdueAfter >= :now))";
    private static final String REQUIRED = "i.reviewRequired = true";
    private static final String DERIVED = "i.classDerived = true";
    /** Owner or sponsor named but not an enabled human of the realm (deleted users have no row). */
    private static final String ORPHANED = "((i.owner is not null and not exists (select 1 from IdentityIndexEntity o where o.realmId = i.realmId"
            + " and o.username = i.owner and o.enabled = true and o.identityClass = :human)) or (i.sponsor is not null and not exists"
            + " (select 1 from IdentityIndexEntity s where s.realmId = i.realmId and s.username = i.sponsor and s.enabled = true"
            + " and s.identityClass = :human)))";
    /** No lifecycle status: not expired or expiring, review neither due nor overdue (overdue implies due), nothing flagged. */
    private static final String OK = "((i.expiresOn is null or i.expiresOn > :expiringEdge) and (i.reviewDueAt is null or i.reviewDueAt > :warnEdge)"
            + " and i.reviewRequired = false and not " + ORPHANED + ")";
    /** The primary status's rank, in {@link Status} order. */
    private static final String STATUS_RANK = "case when " + EXPIRED + " then 0 when " + ORPHANED + " then 1 when " + REQUIRED
            + " then 2 when " + OVERDUE + " then 3 when " + DUE + " then 4 when " + EXPIRING + " then 5 else 6 end";

    private final EntityManager em;
    private final String realmId;
    private final String today;
    private final String expiringEdge;
    private final long now;
    private final long warnEdge;

    IndexedListing(KeycloakSession session, RealmModel realm, Instant now, int warningDays) {
        this.em = IdentityIndex.entityManager(session);
        this.realmId = realm.getId();
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        this.today = day.toString();
        this.expiringEdge = day.plusDays(ReviewApi.EXPIRING_DAYS).toString();
        this.now = now.toEpochMilli();
        this.warnEdge = now.plus(warningDays, ChronoUnit.DAYS).toEpochMilli();
    }

    /** The index answers when the realm's index is complete, no text search is asked and the caller sees every user. */
    static boolean serves(RealmModel realm, IdentityQuery query, boolean viewsAll) {
        return viewsAll && query.search() == null && IdentityIndex.ready(realm);
    }

    /** Ids of the page and one more (which tells whether there is a next page), in the query's order. */
    @SuppressWarnings("unchecked")
    List<String> page(IdentityQuery query) {
        String order = orderBy(query);
        Query q = query("select i.userId from IdentityIndexEntity i where " + where(query) + " order by " + order, query);
        return q.setFirstResult(query.first()).setMaxResults(query.max() + 1).getResultList();
    }

    /** One identity of an export batch. */
    record Entry(String userId, String username) {
    }

    /** The next batch in username order after {@code after} (null: from the start), for exports. */
    @SuppressWarnings("unchecked")
    List<Entry> batchAfter(IdentityQuery query, String after, int size) {
        String keyset = after == null ? "" : " and i.username > :after";
        Query q = query("select i.userId, i.username from IdentityIndexEntity i where " + where(query) + keyset + " order by i.username", query);
        if (after != null) {
            q.setParameter("after", after);
        }
        List<Object[]> rows = q.setMaxResults(size).getResultList();
        return rows.stream().map(row -> new Entry((String) row[0], (String) row[1])).toList();
    }

    /** Counts per class for the statistics keys of the review API. */
    @SuppressWarnings("unchecked")
    void count(BiConsumer<IdentityClass, Map<String, Long>> sink) {
        List<Object[]> rows = query("select i.identityClass, count(i), sum(case when " + EXPIRED + " then 1 else 0 end), sum(case when "
                + EXPIRING + " then 1 else 0 end), sum(case when " + DUE + " then 1 else 0 end), sum(case when " + OVERDUE
                + " then 1 else 0 end), sum(case when " + REQUIRED + " then 1 else 0 end), sum(case when " + DERIVED
                + " then 1 else 0 end) from IdentityIndexEntity i where i.realmId = :realm group by i.identityClass").getResultList();
        for (Object[] row : rows) {
            classOf(row[0]).ifPresent(c -> sink.accept(c, Map.of("total", number(row[1]), "expired", number(row[2]),
                    "expiring", number(row[3]), "reviewDue", number(row[4]), "reviewOverdue", number(row[5]),
                    "reviewRequired", number(row[6]), "derivedClass", number(row[7]))));
        }
        countWhere("orphaned", ORPHANED, sink);
        countWhere("ok", OK, sink);
    }

    @SuppressWarnings("unchecked")
    private void countWhere(String key, String predicate, BiConsumer<IdentityClass, Map<String, Long>> sink) {
        List<Object[]> rows = query("select i.identityClass, count(i) from IdentityIndexEntity i where i.realmId = :realm and "
                + predicate + " group by i.identityClass").getResultList();
        for (Object[] row : rows) {
            classOf(row[0]).ifPresent(c -> sink.accept(c, Map.of(key, number(row[1]))));
        }
    }

    private static Optional<IdentityClass> classOf(Object value) {
        return AttributeValue.parse(IdentityClass.class, String.valueOf(value));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static String where(IdentityQuery query) {
        StringBuilder where = new StringBuilder("i.realmId = :realm");
        if (query.identityClass() != null) {
            where.append(" and i.identityClass = :identityClass");
        }
        if (query.status() != null) {
            where.append(" and ").append(switch (query.status()) {
                case EXPIRED -> EXPIRED;
                case ORPHANED -> ORPHANED;
                case REVIEW_REQUIRED -> REQUIRED;
                case REVIEW_OVERDUE -> OVERDUE;
                case REVIEW_DUE -> DUE;
                case EXPIRING -> EXPIRING;
                case OK -> OK;
                case DERIVED_CLASS -> DERIVED;
            });
        }
        return where.toString();
    }

    /** The same order as {@link IdentityQuery#comparator()}: the sort column (its nulls placed alike), then username. */
    private static String orderBy(IdentityQuery query) {
        String direction = query.descending() ? " desc" : " asc";
        String column = switch (query.sort()) {
            case USERNAME -> null;
            case CLASS -> "i.identityClass" + direction;
            case STATUS -> STATUS_RANK + direction;
            case EXPIRES_AT -> "i.expiresOn" + direction + nulls(true, query.descending());
            case LAST_REVIEWED_AT -> "i.lastReviewedAt" + direction + nulls(false, query.descending());
            case REVIEW_DUE_AT -> "i.reviewDueAt" + direction + nulls(true, query.descending());
            case CREATED_AT -> "i.createdAt" + direction + nulls(false, query.descending());
        };
        return (column == null ? "" : column + ", ") + "i.username" + direction;
    }

    /** A reversed comparator also moves the nulls to the other end. */
    private static String nulls(boolean lastWhenAscending, boolean descending) {
        return lastWhenAscending != descending ? " nulls last" : " nulls first";
    }

    private Query query(String jpql, IdentityQuery filters) {
        Query q = query(jpql);
        if (filters.identityClass() != null) {
            q.setParameter("identityClass", filters.identityClass().value());
        }
        return q;
    }

    private Query query(String jpql) {
        Query q = em.createQuery(jpql);
        q.setParameter("realm", realmId);
        bindIfUsed(q, jpql, "today", today);
        bindIfUsed(q, jpql, "expiringEdge", expiringEdge);
        bindIfUsed(q, jpql, "now", now);
        bindIfUsed(q, jpql, "warnEdge", warnEdge);
        bindIfUsed(q, jpql, "human", IdentityClass.HUMAN.value());
        return q;
    }

    private static void bindIfUsed(Query q, String jpql, String name, Object value) {
        if (jpql.contains(":" + name)) {
            q.setParameter(name, value);
        }
    }
}

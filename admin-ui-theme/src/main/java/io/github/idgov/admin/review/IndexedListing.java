package io.github.idgov.admin.review;

import io.github.idgov.admin.index.IdentityIndex;
import io.github.idgov.admin.index.IdentityIndexEntity;
import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.IdentityClass;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import io.github.idgov.core.Inactivity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    /** Owner or sponsor named but not an enabled human of the realm: the flag the index keeps with the owners' rows. */
    private static final String ORPHANED = "i.orphaned = true";
    /** No lifecycle status: not expired or expiring, review neither due nor overdue (overdue implies due), nothing flagged. */
    private static final String OK_BUT_STALE = "((i.expiresOn is null or i.expiresOn > :expiringEdge) and (i.reviewDueAt is null or i.reviewDueAt > :warnEdge)"
            + " and i.reviewRequired = false and i.orphaned = false)";
    /** Never true (a class whose stale days are 0 is never stale). */
    private static final String NEVER = "1 = 0";

    private final EntityManager em;
    private final String realmId;
    private final String today;
    private final String expiringEdge;
    private final long now;
    private final long warnEdge;
    /** Stale: the day of last use (never used: the creation) before now minus the class's stale days. */
    private final String stale;
    private final Map<String, Long> staleEdges;

    IndexedListing(KeycloakSession session, RealmModel realm, Instant now, StatusWindows windows) {
        this.em = IdentityIndex.entityManager(session);
        this.realmId = realm.getId();
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        this.today = day.toString();
        this.expiringEdge = day.plusDays(ReviewApi.EXPIRING_DAYS).toString();
        this.now = now.toEpochMilli();
        this.warnEdge = now.plus(windows.warningDays(), ChronoUnit.DAYS).toEpochMilli();
        this.stale = stalePredicate(windows.inactivity());
        this.staleEdges = staleEdges(windows.inactivity(), now);
    }

    private static String stalePredicate(Inactivity inactivity) {
        List<String> terms = new ArrayList<>();
        for (IdentityClass identityClass : IdentityClass.values()) {
            if (inactivity.staleDays(identityClass) > 0) {
                String name = staleParameter(identityClass);
                terms.add("(i.identityClass = '" + identityClass.value() + "' and coalesce(i.lastUsedAt, i.createdAt) < :" + name + ")");
            }
        }
        return terms.isEmpty() ? NEVER : "(" + String.join(" or ", terms) + ")";
    }

    /** {@link Inactivity#stale}: stale when now is after the last use plus the stale days, i.e. the use lies before now minus them. */
    private static Map<String, Long> staleEdges(Inactivity inactivity, Instant now) {
        Map<String, Long> edges = new LinkedHashMap<>();
        for (IdentityClass identityClass : IdentityClass.values()) {
            int days = inactivity.staleDays(identityClass);
            if (days > 0) {
                edges.put(staleParameter(identityClass), now.minus(days, ChronoUnit.DAYS).toEpochMilli());
            }
        }
        return edges;
    }

    private static String staleParameter(IdentityClass identityClass) {
        return "stale_" + identityClass.name().toLowerCase(java.util.Locale.ROOT);
    }

    private String ok() {
        return "(" + OK_BUT_STALE + " and not " + stale + ")";
    }

    /** The primary status's rank, in {@link Status} order. */
    private String statusRank() {
        return "case when " + EXPIRED + " then 0 when " + ORPHANED + " then 1 when " + REQUIRED + " then 2 when " + OVERDUE
                + " then 3 when " + stale + " then 4 when " + DUE + " then 5 when " + EXPIRING + " then 6 else 7 end";
    }

    /** The index answers when the realm's index is complete, no text search is asked and the caller sees every user. */
    static boolean serves(RealmModel realm, IdentityQuery query, boolean viewsAll) {
        return viewsAll && query.search() == null && IdentityIndex.ready(realm);
    }

    /** Ids of the page and one more (which tells whether there is a next page), in the query's order. */
    @SuppressWarnings("unchecked")
    List<String> page(IdentityQuery query) {
        String order = orderBy(query);
        // whole rows, kept in the persistence context for the live check's read of the day of last use
        Query q = query("select i from IdentityIndexEntity i where " + where(query) + " order by " + order, query);
        List<IdentityIndexEntity> rows = q.setFirstResult(query.first()).setMaxResults(query.max() + 1).getResultList();
        return rows.stream().map(IdentityIndexEntity::userId).toList();
    }

    /** One identity of an export batch. */
    record Entry(String userId, String username) {
    }

    /** The next batch in username order after {@code after} (null: from the start), for exports. */
    @SuppressWarnings("unchecked")
    List<Entry> batchAfter(IdentityQuery query, String after, int size) {
        String keyset = after == null ? "" : " and i.username > :after";
        // whole rows: they stay in the persistence context, so the live check's read of the day of last use finds them there
        Query q = query("select i from IdentityIndexEntity i where " + where(query) + keyset + " order by i.username", query);
        if (after != null) {
            q.setParameter("after", after);
        }
        List<IdentityIndexEntity> rows = q.setMaxResults(size).getResultList();
        return rows.stream().map(row -> new Entry(row.userId(), row.username())).toList();
    }

    /** Counts per class for the statistics keys of the review API. */
    @SuppressWarnings("unchecked")
    void count(BiConsumer<IdentityClass, Map<String, Long>> sink) {
        // one pass over the realm's rows: every count is a sum of its predicate
        Map<String, String> predicates = new LinkedHashMap<>();
        predicates.put("expired", EXPIRED);
        predicates.put("expiring", EXPIRING);
        predicates.put("reviewDue", DUE);
        predicates.put("reviewOverdue", OVERDUE);
        predicates.put("reviewRequired", REQUIRED);
        predicates.put("derivedClass", DERIVED);
        predicates.put("orphaned", ORPHANED);
        predicates.put("stale", stale);
        predicates.put("ok", ok());
        StringBuilder select = new StringBuilder("select i.identityClass, count(i)");
        predicates.values().forEach(predicate -> select.append(", sum(case when ").append(predicate).append(" then 1 else 0 end)"));
        List<Object[]> rows = query(select + " from IdentityIndexEntity i where i.realmId = :realm group by i.identityClass").getResultList();
        for (Object[] row : rows) {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("total", number(row[1]));
            int column = 2;
            for (String key : predicates.keySet()) {
                counts.put(key, number(row[column++]));
            }
            classOf(row[0]).ifPresent(c -> sink.accept(c, counts));
        }
    }

    private static Optional<IdentityClass> classOf(Object value) {
        return AttributeValue.parse(IdentityClass.class, String.valueOf(value));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private String where(IdentityQuery query) {
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
                case STALE -> stale;
                case REVIEW_DUE -> DUE;
                case EXPIRING -> EXPIRING;
                case OK -> ok();
                case DERIVED_CLASS -> DERIVED;
            });
        }
        return where.toString();
    }

    /** The same order as {@link IdentityQuery#comparator()}: the sort column (its nulls placed alike), then username. */
    private String orderBy(IdentityQuery query) {
        String direction = query.descending() ? " desc" : " asc";
        String column = switch (query.sort()) {
            case USERNAME -> null;
            case CLASS -> "i.identityClass" + direction;
            case STATUS -> statusRank() + direction;
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
        staleEdges.forEach((name, edge) -> bindIfUsed(q, jpql, name, edge));
        return q;
    }

    private static void bindIfUsed(Query q, String jpql, String name, Object value) {
        if (jpql.contains(":" + name)) {
            q.setParameter(name, value);
        }
    }
}

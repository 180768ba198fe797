package io.github.idgov.admin.review;

import io.github.idgov.admin.index.IdentityIndex;
import io.github.idgov.admin.index.IdentityIndexEntity;
import io.github.idgov.admin.index.StatusBasis;
import io.github.idgov.admin.index.StatusBuckets;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    /** A machine without the attributes its class requires: the flag the row keeps from its own user (token gate's rule). */
    private static final String INCOMPLETE = "i.incomplete = true";
    /** No lifecycle status: not expired or expiring, review neither due nor overdue (overdue implies due), nothing flagged. */
    private static final String OK_BUT_STALE = "((i.expiresOn is null or i.expiresOn > :expiringEdge) and (i.reviewDueAt is null or i.reviewDueAt > :warnEdge)"
            + " and i.reviewRequired = false and i.orphaned = false and i.incomplete = false)";
    /** Never true (a class whose stale days are 0 is never stale). */
    private static final String NEVER = "1 = 0";
    /**
     * The rows computed live: those whose precomputed statuses ({@link StatusBuckets}) do not answer for the request's
     * instant (a boundary crossed since the row was written, other windows), i.e. {@code basis is null or basis <>
     * :basis or from > :now or until <= :now}; here each part a range of one index (rows of another basis: see
     * {@link #liveRows}).
     */
    private static final List<String> LIVE_PARTS = List.of("i.statusBasis = :basis and i.statusUntil <= :now",
            "i.statusBasis = :basis and i.statusFrom > :now", "i.statusBasis is null");
    /**
     * Past this many live rows in the realm, sorting by status falls back to ranking every row in the database
     * (after a restart with other windows, until the sweep has rewritten the rows). The sweep keeps them to the rows
     * that crossed a boundary since its last run.
     */
    static final int LIVE_LIMIT = 2_000;
    /** Ids per IN list (under every database's limit, Oracle's 1000 included). */
    private static final int IN_CHUNK = 500;

    private final EntityManager em;
    private final String realmId;
    private final String today;
    private final String expiringEdge;
    private final long now;
    private final long warnEdge;
    /** Stale: the day of last use (never used: the creation) before now minus the class's stale days. */
    private final String stale;
    private final Map<String, Long> staleEdges;
    private final String basis;

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
        this.basis = new StatusBasis(windows.warningDays(), windows.inactivity()).key();
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
        return "case when " + EXPIRED + " then " + StatusBuckets.RANK_EXPIRED + " when " + INCOMPLETE + " then " + StatusBuckets.RANK_INCOMPLETE
                + " when " + ORPHANED + " then " + StatusBuckets.RANK_ORPHANED
                + " when " + REQUIRED + " then " + StatusBuckets.RANK_REQUIRED + " when " + OVERDUE + " then " + StatusBuckets.RANK_OVERDUE
                + " when " + stale + " then " + StatusBuckets.RANK_STALE + " when " + DUE + " then " + StatusBuckets.RANK_DUE
                + " when " + EXPIRING + " then " + StatusBuckets.RANK_EXPIRING + " else " + StatusBuckets.RANK_OK + " end";
    }

    /** The index answers when the realm's index is complete, no text search is asked and the caller sees every user. */
    static boolean serves(RealmModel realm, IdentityQuery query, boolean viewsAll) {
        return viewsAll && query.search() == null && IdentityIndex.ready(realm);
    }

    /** One row of a page: the identity and its sort key, which a {@link PageCursor} continues after. */
    record Row(String userId, Object value, String username) {
    }

    /**
     * The page and one more row (which tells whether there is a next page), in the query's order: from the query's
     * offset, or, with a cursor, the rows after its key (a range of the sort's index, so the cost does not grow with
     * the page's depth).
     */
    List<Row> page(IdentityQuery query, PageCursor after) {
        if (query.sort() == IdentityQuery.Sort.STATUS) {
            Optional<List<Row>> merged = after == null ? statusPage(query) : statusPageAfter(query, after);
            if (merged.isPresent()) {
                return merged.get();
            }
        }
        if (DateOrder.sorts(query.sort())) {
            return datePage(query, after);
        }
        String key = keyColumn(query.sort());
        List<Row> rows = new ArrayList<>();
        Object later = after == null || query.sort() != IdentityQuery.Sort.CLASS ? null
                : ClassStatusOrder.later(query.sort(), query.descending(), after.value());
        for (String segment : segmentsAfter(query, after, key, later)) {
            // whole rows, kept in the persistence context for the live check's read of the day of last use
            Query q = query("select i" + (key == null ? "" : ", " + key) + " from IdentityIndexEntity i where " + where(query)
                    + segment + " order by " + orderBy(query), query);
            bindCursor(q, after);
            bindIfParameter(q, ClassStatusOrder.LATER, later);
            if (after == null) {
                q.setFirstResult(query.first());
            }
            rows.addAll(rows(q.setMaxResults(query.max() + 1 - rows.size()).getResultList(), key != null));
            if (rows.size() > query.max()) {
                break;
            }
        }
        return rows;
    }

    /**
     * The whole order (no cursor), or the rows after a cursor's key: for {@code class} its {@link ClassStatusOrder}
     * segments; for {@code username}, and for {@code status} ranked live in every row (too many live rows), one keyset.
     */
    private static List<String> segmentsAfter(IdentityQuery query, PageCursor after, String key, Object later) {
        if (after == null) {
            return List.of("");
        }
        if (query.sort() == IdentityQuery.Sort.CLASS) {
            return ClassStatusOrder.segmentsAfter(query.descending(), later, key);
        }
        return List.of(keyset(query.descending(), key));
    }

    /**
     * A page of a date sort: its {@link DateOrder} segments in turn, each a range walk of the index on (realm,
     * column, username) in the index's own order. By position, a segment that ends before the offset is counted
     * (no more entries than the offset itself skips) and the offset goes on in the next.
     */
    private List<Row> datePage(IdentityQuery query, PageCursor after) {
        String column = keyColumn(query.sort());
        String direction = query.descending() ? " desc" : " asc";
        List<String> segments = after == null ? DateOrder.segments(query.sort(), query.descending(), column)
                : DateOrder.segmentsAfter(query.sort(), query.descending(), after.value(), column);
        List<Row> rows = new ArrayList<>();
        int skip = after == null ? query.first() : 0;
        for (String segment : segments) {
            // whole rows, kept in the persistence context for the live check's read of the day of last use
            Query q = query("select i, " + column + " from IdentityIndexEntity i where " + where(query) + segment
                    + " order by i.realmId" + direction + ", " + column + direction + ", i.username" + direction, query);
            bindCursor(q, after);
            bindIfParameter(q, DateOrder.LOWEST, DateOrder.lowest(query.sort()));
            List<Row> found = rows(q.setFirstResult(skip).setMaxResults(query.max() + 1 - rows.size()).getResultList(), true);
            if (found.isEmpty() && skip > 0) {
                Query count = query("select count(i) from IdentityIndexEntity i where " + where(query) + segment, query);
                bindIfParameter(count, DateOrder.LOWEST, DateOrder.lowest(query.sort()));
                skip = (int) Math.max(0, skip - number(count.getSingleResult()));
            } else {
                skip = 0;
            }
            rows.addAll(found);
            if (rows.size() > query.max()) {
                break;
            }
        }
        return rows;
    }

    private static List<Row> rows(List<?> results, boolean keyed) {
        List<Row> rows = new ArrayList<>();
        for (Object result : results) {
            IdentityIndexEntity row = (IdentityIndexEntity) (keyed ? ((Object[]) result)[0] : result);
            rows.add(new Row(row.userId(), keyed ? ((Object[]) result)[1] : null, row.username()));
        }
        return rows;
    }

    /** The sort column a cursor keeps (the status rank computed at the request's instant); none for username order. */
    private String keyColumn(IdentityQuery.Sort sort) {
        return switch (sort) {
            case USERNAME -> null;
            case CLASS -> "i.identityClass";
            case STATUS -> statusRank();
            case EXPIRES_AT -> "i.expiresOn";
            case LAST_REVIEWED_AT -> "i.lastReviewedAt";
            case REVIEW_DUE_AT -> "i.reviewDueAt";
            case CREATED_AT -> "i.createdAt";
        };
    }

    /**
     * The rows after a cursor's key in username order, or in status order ranked live in every row (no index answers
     * it anyway): one predicate ({@link ClassStatusOrder} splits it for the stored class and rank, {@link DateOrder}
     * for the dates).
     */
    static String keyset(boolean descending, String column) {
        String after = descending ? " < " : " > ";
        String from = descending ? " <= " : " >= ";
        String ties = "i.username" + after + ":afterUsername";
        if (column == null) {
            return " and " + ties;
        }
        return " and " + column + from + ":afterValue and (" + column + after + ":afterValue or (" + column + " = :afterValue and " + ties + "))";
    }

    /** Binds the cursor's key where the query uses it (a segment of the rows without a value uses neither). */
    private static void bindCursor(Query q, PageCursor after) {
        if (after == null) {
            return;
        }
        bindIfParameter(q, "afterUsername", after.username());
        bindIfParameter(q, "afterValue", after.value());
    }

    private static void bindIfParameter(Query q, String name, Object value) {
        Set<String> used = new HashSet<>();
        q.getParameters().forEach(p -> used.add(p.getName()));
        if (used.contains(name)) {
            q.setParameter(name, value);
        }
    }

    /**
     * A page in status order without ranking every row: the rows whose precomputed rank holds (F) come in order from
     * the index on (realm, rank, username); the few computed live (S, k rows) are merged in. Position p of the
     * merged order holds F's element p - j, j ≤ k being the live rows before it, so the page's F rows lie in the
     * window F[first - k, first + max + 1]. The database then orders that window and S by the live rank (for F rows
     * it equals the stored one) and username in its own collation; counting from the window's first row, the merged
     * position is known (every live row before it lands before the page), and rows after the window's last are
     * past the page. Empty when too many rows are live: the caller ranks every row instead.
     */
    @SuppressWarnings("unchecked")
    private Optional<List<Row>> statusPage(IdentityQuery query) {
        String direction = query.descending() ? " desc" : " asc";
        Optional<List<String>> found = liveRows();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        // every live row of the realm: those the filters reject are left out by the ordering query below, and k
        // counted over all of them only widens the window
        List<String> live = found.get();
        int size = query.max() + 1;
        int windowStart = Math.max(0, query.first() - live.size());
        // F as every row but the live ones, not by the predicate "precomputed statuses hold": that is a range of the
        // indexes that find the live rows, and H2 then walks one of those and sorts every row instead of walking the
        // rank index in order
        Query windowQuery = query("select i.userId from IdentityIndexEntity i where " + where(query)
                + (live.isEmpty() ? "" : " and not " + inChunks(live.size()))
                // the realm (one value here) leads the order so that H2 matches it to the index, whose first column it is
                + " order by i.realmId" + direction + ", i.statusRank" + direction + ", i.username" + direction, query);
        bindChunks(windowQuery, live);
        List<String> window = windowQuery.setFirstResult(windowStart).setMaxResults(size + live.size()).getResultList();
        List<Row> merged = merge(query, window, live, "", null, null);
        int end = merged.size();
        if (window.size() == size + live.size()) {
            String last = window.get(window.size() - 1);
            end = 0;
            while (!merged.get(end).userId().equals(last)) {
                end++;
            }
            end++;
        }
        int from = query.first() - windowStart;
        return Optional.of(from >= end ? List.of() : merged.subList(from, Math.min(end, from + size)));
    }

    /**
     * The status page after a cursor: the next max + 1 rows whose precomputed rank holds, after the key on the
     * (realm, rank, username) index (its {@link ClassStatusOrder} segments: the key's ties, then the later ranks),
     * merged with the live rows after the key (live rank); the page is the first max + 1 of both. No window to widen:
     * the key says where the page starts in either set.
     */
    @SuppressWarnings("unchecked")
    private Optional<List<Row>> statusPageAfter(IdentityQuery query, PageCursor after) {
        String direction = query.descending() ? " desc" : " asc";
        Optional<List<String>> found = liveRows();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<String> live = found.get();
        Object later = ClassStatusOrder.later(query.sort(), query.descending(), after.value());
        List<String> window = new ArrayList<>();
        for (String segment : ClassStatusOrder.segmentsAfter(query.descending(), later, "i.statusRank")) {
            Query windowQuery = query("select i.userId from IdentityIndexEntity i where " + where(query)
                    + (live.isEmpty() ? "" : " and not " + inChunks(live.size())) + segment
                    + " order by i.realmId" + direction + ", i.statusRank" + direction + ", i.username" + direction, query);
            bindChunks(windowQuery, live);
            bindCursor(windowQuery, after);
            bindIfParameter(windowQuery, ClassStatusOrder.LATER, later);
            window.addAll(windowQuery.setMaxResults(query.max() + 1 - window.size()).getResultList());
            if (window.size() > query.max()) {
                break;
            }
        }
        String keyset = keyset(query.descending(), statusRank());
        return Optional.of(merge(query, window, live, keyset, after, query.max() + 1));
    }

    /** The window's and the live rows (those after {@code keyset}) ordered by the live rank and username. */
    @SuppressWarnings("unchecked")
    private List<Row> merge(IdentityQuery query, List<String> window, List<String> live, String keyset, PageCursor after, Integer limit) {
        String direction = query.descending() ? " desc" : " asc";
        List<String> ids = new ArrayList<>(window);
        ids.addAll(live);
        if (ids.isEmpty()) {
            return List.of();
        }
        // whole rows, kept in the persistence context for the live check's read of the day of last use
        Query ordered = query("select i, " + statusRank() + " from IdentityIndexEntity i where " + where(query) + " and " + inChunks(ids.size())
                + keyset + " order by " + statusRank() + direction + ", i.username" + direction, query);
        bindChunks(ordered, ids);
        bindCursor(ordered, after);
        if (limit != null) {
            ordered.setMaxResults(limit);
        }
        return rows(ordered.getResultList(), true);
    }

    /**
     * The realm's live rows ({@link #LIVE_PARTS}), or empty when there are more than {@link #LIVE_LIMIT}. Their
     * predicate is a disjunction over three columns, which neither H2 nor PostgreSQL answers from one index: evaluated
     * as one it read every row of the realm (at 100k identities most of a status page's time). Its parts are each
     * a range of the index on (realm, basis, until) or (realm, basis, from); rows of another basis (after a restart
     * with other windows) are looked for only when the realm's smallest or largest basis says there are some, as
     * {@code <>} is no range (and H2 reads the equal rows of a {@code <} or {@code >} range too).
     */
    @SuppressWarnings("unchecked")
    private Optional<List<String>> liveRows() {
        Set<String> live = new LinkedHashSet<>();
        List<String> parts = new ArrayList<>(LIVE_PARTS);
        if (otherBasis()) {
            parts.add("i.statusBasis <> :basis");
        }
        for (String part : parts) {
            live.addAll(query("select i.userId from IdentityIndexEntity i where i.realmId = :realm and " + part)
                    .setMaxResults(LIVE_LIMIT + 1).getResultList());
            if (live.size() > LIVE_LIMIT) {
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(live));
    }

    /**
     * Whether the realm's smallest or largest basis is not the current one: each the first entry of the index on
     * (realm, basis, …) in one direction (the realm leads the order so that H2 walks that index).
     */
    @SuppressWarnings("unchecked")
    private boolean otherBasis() {
        for (String direction : List.of(" asc", " desc")) {
            List<String> edge = query("select i.statusBasis from IdentityIndexEntity i where i.realmId = :realm and i.statusBasis is not null"
                    + " order by i.realmId" + direction + ", i.statusBasis" + direction).setMaxResults(1).getResultList();
            if (!edge.isEmpty() && !edge.get(0).equals(basis)) {
                return true;
            }
        }
        return false;
    }

    private static void bindChunks(Query q, List<String> ids) {
        for (int chunk = 0; chunk * IN_CHUNK < ids.size(); chunk++) {
            q.setParameter("ids" + chunk, ids.subList(chunk * IN_CHUNK, Math.min(ids.size(), (chunk + 1) * IN_CHUNK)));
        }
    }

    private static String inChunks(int ids) {
        List<String> terms = new ArrayList<>();
        for (int chunk = 0; chunk * IN_CHUNK < ids; chunk++) {
            terms.add("i.userId in :ids" + chunk);
        }
        return "(" + String.join(" or ", terms) + ")";
    }

    /** One identity of an export batch. */
    record Entry(String userId, String username) {
    }

    /** The next batch in username order after {@code after} (null: from the start), for exports. */
    @SuppressWarnings("unchecked")
    List<Entry> batchAfter(IdentityQuery query, String after, int size) {
        String keyset = after == null ? "" : " and i.username > :after";
        // whole rows: they stay in the persistence context, so the live check's read of the day of last use finds them there
        // the realm leads the order so that H2 walks the (realm, username) index from the keyset on instead of sorting the rest
        Query q = query("select i from IdentityIndexEntity i where " + where(query) + keyset + " order by i.realmId, i.username", query);
        if (after != null) {
            q.setParameter("after", after);
        }
        List<IdentityIndexEntity> rows = q.setMaxResults(size).getResultList();
        return rows.stream().map(row -> new Entry(row.userId(), row.username())).toList();
    }

    /**
     * Counts per class for the statistics keys of the review API: the stored statuses of every row grouped (few
     * groups, read from the covering rank index), less those of the live rows, plus the live rows counted by the
     * predicates themselves. Every row by the predicates when too many are live.
     */
    void count(BiConsumer<IdentityClass, Map<String, Long>> sink) {
        Map<String, Map<String, Long>> perClass = new LinkedHashMap<>();
        Optional<List<String>> live = liveRows();
        if (live.isEmpty()) {
            countLive(perClass, "1 = 1", List.of());
        } else {
            // every row, not "precomputed statuses hold": H2 would read that range of the live rows' indexes instead
            // of the covering rank index
            countStored(perClass, "1 = 1", List.of(), 1);
            if (!live.get().isEmpty()) {
                countStored(perClass, inChunks(live.get().size()), live.get(), -1);
                countLive(perClass, inChunks(live.get().size()), live.get());
            }
        }
        perClass.forEach((identityClass, counts) -> classOf(identityClass).ifPresent(c -> sink.accept(c, counts)));
    }

    /** Adds (sign 1) or takes away (-1) the stored statuses of the rows matching {@code rows}, grouped. */
    @SuppressWarnings("unchecked")
    private void countStored(Map<String, Map<String, Long>> perClass, String rows, List<String> ids, int sign) {
        Query q = query("select i.identityClass, i.statusMask, i.orphaned, i.reviewRequired, i.classDerived, count(i), i.incomplete"
                + " from IdentityIndexEntity i where i.realmId = :realm and " + rows
                + " group by i.identityClass, i.statusMask, i.orphaned, i.reviewRequired, i.classDerived, i.incomplete");
        bindChunks(q, ids);
        for (Object[] group : (List<Object[]>) q.getResultList()) {
            int mask = ((Number) group[1]).intValue();
            boolean orphaned = (Boolean) group[2];
            boolean required = (Boolean) group[3];
            boolean incomplete = (Boolean) group[6];
            long count = sign * number(group[5]);
            Map<String, Long> counts = perClass.computeIfAbsent(String.valueOf(group[0]), c -> zeroCounts());
            counts.merge("total", count, Long::sum);
            add(counts, "expired", (mask & StatusBuckets.EXPIRED) != 0, count);
            add(counts, "expiring", (mask & StatusBuckets.EXPIRING) != 0, count);
            add(counts, "reviewDue", (mask & StatusBuckets.DUE) != 0, count);
            add(counts, "reviewOverdue", (mask & StatusBuckets.OVERDUE) != 0, count);
            add(counts, "reviewRequired", required, count);
            add(counts, "derivedClass", (Boolean) group[4], count);
            add(counts, "orphaned", orphaned, count);
            add(counts, "incomplete", incomplete, count);
            add(counts, "stale", (mask & StatusBuckets.STALE) != 0, count);
            add(counts, "ok", StatusBuckets.ok(mask, orphaned, required, incomplete), count);
        }
    }

    /** Adds the rows matching {@code rows} counted by the predicates: every count is a sum of its predicate. */
    @SuppressWarnings("unchecked")
    private void countLive(Map<String, Map<String, Long>> perClass, String rows, List<String> ids) {
        Map<String, String> predicates = predicates();
        StringBuilder select = new StringBuilder("select i.identityClass, count(i)");
        predicates.values().forEach(predicate -> select.append(", sum(case when ").append(predicate).append(" then 1 else 0 end)"));
        Query q = query(select + " from IdentityIndexEntity i where i.realmId = :realm and " + rows + " group by i.identityClass");
        bindChunks(q, ids);
        for (Object[] row : (List<Object[]>) q.getResultList()) {
            Map<String, Long> counts = perClass.computeIfAbsent(String.valueOf(row[0]), c -> zeroCounts());
            counts.merge("total", number(row[1]), Long::sum);
            int column = 2;
            for (String key : predicates.keySet()) {
                counts.merge(key, number(row[column++]), Long::sum);
            }
        }
    }

    /** The statistics keys and their predicates, in the answer's order. */
    private Map<String, String> predicates() {
        Map<String, String> predicates = new LinkedHashMap<>();
        predicates.put("expired", EXPIRED);
        predicates.put("expiring", EXPIRING);
        predicates.put("reviewDue", DUE);
        predicates.put("reviewOverdue", OVERDUE);
        predicates.put("reviewRequired", REQUIRED);
        predicates.put("derivedClass", DERIVED);
        predicates.put("orphaned", ORPHANED);
        predicates.put("incomplete", INCOMPLETE);
        predicates.put("stale", stale);
        predicates.put("ok", ok());
        return predicates;
    }

    private Map<String, Long> zeroCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("total", 0L);
        predicates().keySet().forEach(key -> counts.put(key, 0L));
        return counts;
    }

    private static void add(Map<String, Long> counts, String key, boolean holds, long rows) {
        if (holds) {
            counts.merge(key, rows, Long::sum);
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
                case INCOMPLETE -> INCOMPLETE;
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

    /** The same order as {@link IdentityQuery#comparator()} for username, class and status: the sort column, then username. */
    private String orderBy(IdentityQuery query) {
        String direction = query.descending() ? " desc" : " asc";
        String column = switch (query.sort()) {
            case USERNAME -> null;
            case CLASS -> "i.identityClass" + direction;
            case STATUS -> statusRank() + direction;
            case EXPIRES_AT, LAST_REVIEWED_AT, REVIEW_DUE_AT, CREATED_AT ->
                    throw new IllegalStateException("a date sort pages by its DateOrder segments");
        };
        // the realm (one value here) leads, as in the status page: without it H2 reads and sorts every matching row
        // instead of walking the index on (realm, username) or (realm, class, username) in order
        return "i.realmId" + direction + ", " + (column == null ? "" : column + ", ") + "i.username" + direction;
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
        bindIfUsed(q, jpql, "basis", basis);
        staleEdges.forEach((name, edge) -> bindIfUsed(q, jpql, name, edge));
        return q;
    }

    private static void bindIfUsed(Query q, String jpql, String name, Object value) {
        if (jpql.contains(":" + name)) {
            q.setParameter(name, value);
        }
    }
}

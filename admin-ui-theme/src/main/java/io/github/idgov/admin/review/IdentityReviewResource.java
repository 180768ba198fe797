package io.github.idgov.admin.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.idgov.admin.index.IdentityIndex;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.keycloak.AdminInput;
import io.github.idgov.core.keycloak.InvalidParameter;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

/**
 * {@code /admin/realms/{realm}/identity-governance}: list, summary, review, bulk review, export and statistics of a
 * realm's identities. Permissions come from Keycloak's admin permission evaluator (fine-grained admin permissions
 * included): reading needs query/view users and each identity shown must be viewable; reviewing needs manage on
 * each identity reviewed.
 */
public final class IdentityReviewResource {

    /** Where a list or the statistics came from: the review index, or a walk over the realm's users. */
    static final String SOURCE_INDEX = "index";
    static final String SOURCE_SCAN = "scan";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final LifecyclePolicy policy;
    private final StatusWindows windows;
    private final Clock clock;

    IdentityReviewResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent,
                           LifecyclePolicy policy, StatusWindows windows, Clock clock) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.policy = policy;
        this.windows = windows;
        this.clock = clock;
    }

    @GET
    @Path("identities")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> list(@QueryParam("class") String identityClass, @QueryParam("status") String status,
                                    @QueryParam("search") String search, @QueryParam("first") String first,
                                    @QueryParam("max") String max, @QueryParam("sort") String sort, @QueryParam("order") String order,
                                    @QueryParam(PageCursor.PARAMETER) String after) {
        auth.users().requireQuery();
        IdentityQuery query = AdminInput.checked(() -> IdentityQuery.parse(identityClass, status, search, first, max, sort, order));
        PageCursor cursor = AdminInput.checked(() -> PageCursor.parse(after, first, realm.getId(), query));
        if (IndexedListing.serves(realm, query, auth.users().canView())) {
            return indexedPage(query, cursor);
        }
        if (cursor != null) {
            // the walk pages by position only; a cursor is only ever handed out by an index answer
            throw AdminInput.badRequest(new InvalidParameter(PageCursor.PARAMETER, "after is answered from the review index only;"
                    + " this listing walks the users (text search, index not ready, or permissions that do not cover every user): page it with first"));
        }
        int wanted = query.first() + query.max() + 1; // one more than the page tells whether there is a next one
        List<IdentityRow> matches = new ArrayList<>();
        int skip = 0;
        if (query.sortsInMemory()) {
            // every match is read; only the best first+max+1 are held
            PriorityQueue<IdentityRow> best = new PriorityQueue<>(query.comparator().reversed());
            scan().run(query.pushdown(), (s, r, assessor, assessment) -> {
                if (query.matches(assessment)) {
                    best.add(IdentityRow.of(assessment));
                    if (best.size() > wanted) {
                        best.poll();
                    }
                }
                return true;
            });
            matches.addAll(best);
            matches.sort(query.comparator());
        } else {
            // the query's own order: start at the page's offset when the query alone filters and every user is
            // viewable, else count matches from the start; stop as soon as the page and one more are found
            skip = query.queryAloneFilters() && auth.users().canView() ? query.first() : 0;
            int needed = wanted - skip;
            scan().run(query.pushdown(), skip, (s, r, assessor, assessment) -> {
                if (query.matches(assessment)) {
                    matches.add(IdentityRow.of(assessment));
                }
                return matches.size() < needed;
            });
        }
        int offset = query.first() - skip;
        List<Map<String, Object>> items = matches.stream().skip(offset).limit(query.max()).map(IdentityRow::json).toList();
        return page(query, null, items, matches.size() > offset + query.max(), null, SOURCE_SCAN);
    }

    /**
     * A page from the review index: one query for the ids, then each identity read and assessed live. A row that no
     * longer matches (changed by a path that sent no event) is repaired and left out of this page.
     */
    private Map<String, Object> indexedPage(IdentityQuery query, PageCursor after) {
        Instant now = clock.instant();
        List<IndexedListing.Row> rows = new IndexedListing(session, realm, now, windows).page(query, after);
        Assessor assessor = new Assessor(session, realm, policy, windows, now);
        List<Map<String, Object>> items = new ArrayList<>();
        for (IndexedListing.Row row : rows.subList(0, Math.min(rows.size(), query.max()))) {
            String id = row.userId();
            UserModel user = session.users().getUserById(realm, id);
            if (user == null) {
                IdentityIndex.remove(session, id);
                continue;
            }
            Assessment assessment = assessor.assess(user);
            if (query.matches(assessment)) {
                items.add(IdentityRow.of(assessment).json());
            } else {
                IdentityIndex.refresh(session, realm, user, policy);
            }
        }
        boolean hasMore = rows.size() > query.max();
        // the key of the page's last row as queried, even one left out above: the next page starts after it either way
        String next = null;
        if (hasMore) {
            IndexedListing.Row last = rows.get(query.max() - 1);
            next = PageCursor.after(realm.getId(), query, last.value(), last.username()).encode();
        }
        return page(query, after, items, hasMore, next, SOURCE_INDEX);
    }

    /** The page: its position ({@code first}, or the cursor it continues), and the cursor of the next page when there is one. */
    private static Map<String, Object> page(IdentityQuery query, PageCursor after, List<Map<String, Object>> items, boolean hasMore,
                                            String next, String source) {
        Map<String, Object> page = new LinkedHashMap<>();
        if (after == null) {
            page.put("first", query.first());
        } else {
            page.put(PageCursor.PARAMETER, after.encode());
        }
        page.put("max", query.max());
        page.put("hasMore", hasMore);
        if (next != null) {
            page.put("next", next);
        }
        page.put("source", source);
        page.put("items", items);
        return page;
    }

    @GET
    @Path("identities/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> summary(@PathParam("id") String id) {
        UserModel user = existing(id);
        auth.users().requireView(user);
        Assessor assessor = new Assessor(session, realm, policy, windows, clock.instant());
        return IdentitySummary.of(session, realm, assessor, assessor.assess(user), true);
    }

    @POST
    @Path("identities/{id}/review")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> review(@PathParam("id") String id, String body) {
        UserModel user = existing(id);
        auth.users().requireManage(user);
        String comment = AdminInput.checked(() -> ReviewAction.validComment(AdminInput.text(AdminInput.jsonObject(body), "comment")));
        return ReviewAction.review(session, realm, user, reviewer(), comment, clock.instant(), adminEvent, policy);
    }

    /** Body {@code {"ids": [...], "comment": "..."}}: all reviewed, or (one unknown or not manageable) none. */
    @POST
    @Path("reviews")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> bulkReview(String body) {
        BulkRequest request = AdminInput.checked(() -> BulkRequest.parse(AdminInput.jsonObject(body)));
        List<UserModel> users = new ArrayList<>();
        for (String id : request.ids()) {
            UserModel user = session.users().getUserById(realm, id);
            if (user == null) {
                throw AdminInput.badRequest(new InvalidParameter("ids", "no identity with id '" + id + "' in realm " + realm.getName()));
            }
            auth.users().requireManage(user);
            users.add(user);
        }
        String reviewer = reviewer();
        Instant now = clock.instant();
        List<Map<String, Object>> reviewed = users.stream()
                .map(user -> ReviewAction.review(session, realm, user, reviewer, request.comment(), now, adminEvent, policy)).toList();
        return Map.of("reviewed", reviewed);
    }

    /** The bulk review body, validated. */
    private record BulkRequest(List<String> ids, String comment) {

        static BulkRequest parse(JsonNode json) {
            JsonNode ids = json == null ? null : json.get("ids");
            if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > ReviewApi.MAX_BULK) {
                throw new InvalidParameter("ids", "ids must be a non-empty array of at most " + ReviewApi.MAX_BULK + " identity ids");
            }
            String comment = ReviewAction.validComment(AdminInput.text(json, "comment"));
            LinkedHashSet<String> unique = new LinkedHashSet<>();
            for (JsonNode id : ids) {
                if (!id.isTextual() || id.asText().isBlank()) {
                    throw new InvalidParameter("ids", "ids must hold identity ids (strings), got " + id);
                }
                unique.add(id.asText());
            }
            return new BulkRequest(List.copyOf(unique), comment);
        }
    }

    /** The whole filtered set, in username order, streamed batch by batch (constant memory). Needs view on all users. */
    @GET
    @Path("export")
    public Response export(@QueryParam("format") String format, @QueryParam("class") String identityClass,
                           @QueryParam("status") String status, @QueryParam("search") String search) {
        auth.users().requireView();
        IdentityQuery query = AdminInput.checked(() -> IdentityQuery.parse(identityClass, status, search, null, null, null, null));
        boolean csv = AdminInput.checked(() -> {
            if (format == null || format.isBlank() || format.equals("csv")) {
                return true;
            }
            if (format.equals("json")) {
                return false;
            }
            throw new InvalidParameter("format", "format must be csv or json, got '" + format + "'");
        });
        UserScan scan = new UserScan(session.getKeycloakSessionFactory(), realm.getId(), policy, windows, clock.instant(), null);
        IndexedExport indexed = IndexedListing.serves(realm, query, true)
                ? new IndexedExport(session.getKeycloakSessionFactory(), realm.getId(), policy, windows, clock.instant()) : null;
        StreamingOutput output = out -> {
            try (ExportWriter writer = csv ? ExportWriter.csv(out) : ExportWriter.json(out, JsonSerialization.mapper)) {
                if (indexed != null) {
                    indexed.run(query, writer);
                    return;
                }
                scan.run(query.pushdown(), (s, r, assessor, assessment) -> {
                    if (query.matches(assessment)) {
                        writer.write(IdentitySummary.of(s, r, assessor, assessment, false));
                    }
                    return true;
                });
            }
        };
        String file = "identities-" + realm.getName().replaceAll("[^A-Za-z0-9._-]", "_") + (csv ? ".csv" : ".json");
        return Response.ok(output, csv ? "text/csv; charset=utf-8" : MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    @GET
    @Path("statistics")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> statistics() {
        auth.users().requireQuery();
        Statistics statistics = new Statistics();
        boolean indexed = auth.users().canView() && IdentityIndex.ready(realm);
        if (indexed) {
            new IndexedListing(session, realm, clock.instant(), windows).count(statistics::add);
        } else {
            scan().run(IdentityQuery.parse(null, null, null, null, null, null, null).pushdown(), (s, r, assessor, assessment) -> {
                statistics.add(assessment);
                return true;
            });
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("realm", realm.getName());
        json.put("mode", RealmGovernance.mode(realm).value());
        json.put("source", indexed ? SOURCE_INDEX : SOURCE_SCAN);
        json.put("expiringWithinDays", ReviewApi.EXPIRING_DAYS);
        json.putAll(statistics.json());
        return json;
    }

    private UserScan scan() {
        Predicate<String> visible = auth.users().canView() ? null : this::canView;
        return new UserScan(session.getKeycloakSessionFactory(), realm.getId(), policy, windows, clock.instant(), visible);
    }

    private boolean canView(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        return user != null && auth.users().canView(user);
    }

    private UserModel existing(String id) {
        UserModel user = session.users().getUserById(realm, id);
        if (user == null) {
            if (!auth.users().canQuery()) {
                throw new ForbiddenException(); // do not tell an outsider which ids exist
            }
            throw new NotFoundException("No identity with id '" + id + "' in realm " + realm.getName());
        }
        return user;
    }

    /** The caller: its username, qualified with its realm when it administers from another realm (master). */
    private String reviewer() {
        AdminAuth admin = auth.adminAuth();
        String username = admin.getUser().getUsername();
        return admin.getRealm().getId().equals(realm.getId()) ? username : username + "@" + admin.getRealm().getName();
    }

    /** Counts per class. */
    private static final class Statistics {

        private final Map<IdentityClass, Map<String, Integer>> perClass = new LinkedHashMap<>();
        private int total;

        Statistics() {
            for (IdentityClass c : IdentityClass.values()) {
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (String key : List.of("total", "ok", "expiring", "expired", "reviewDue", "reviewOverdue", "reviewRequired", "orphaned", "incomplete", "stale", "derivedClass")) {
                    counts.put(key, 0);
                }
                perClass.put(c, counts);
            }
        }

        void add(Assessment assessment) {
            GovernanceRecord record = assessment.record();
            Map<String, Integer> counts = perClass.get(record.identityClass());
            total++;
            counts.merge("total", 1, Integer::sum);
            for (Status status : assessment.statuses()) {
                counts.merge(key(status), 1, Integer::sum);
            }
        }

        /** Counts the index computed for one class. */
        void add(IdentityClass identityClass, Map<String, Long> counted) {
            Map<String, Integer> counts = perClass.get(identityClass);
            counted.forEach((key, n) -> counts.merge(key, n.intValue(), Integer::sum));
            total += counted.getOrDefault("total", 0L).intValue();
        }

        private static String key(Status status) {
            return switch (status) {
                case OK -> "ok";
                case EXPIRING -> "expiring";
                case EXPIRED -> "expired";
                case REVIEW_DUE -> "reviewDue";
                case REVIEW_OVERDUE -> "reviewOverdue";
                case REVIEW_REQUIRED -> "reviewRequired";
                case ORPHANED -> "orphaned";
                case INCOMPLETE -> "incomplete";
                case STALE -> "stale";
                case DERIVED_CLASS -> "derivedClass";
            };
        }

        Map<String, Object> json() {
            Map<String, Object> classes = new LinkedHashMap<>();
            perClass.forEach((c, counts) -> classes.put(c.value(), counts));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("total", total);
            json.put("classes", classes);
            return json;
        }
    }
}

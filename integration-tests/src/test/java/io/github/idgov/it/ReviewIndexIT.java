package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The review index against the real server: once a governed realm's index is built, every filter, sort, page and
 * count the review API answers from it equals what a walk over the realm's users answers (a text search, here
 * {@code search=*}, always walks), and the index follows admin changes at once.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewIndexIT {

    private static final String REALM = "review-index";
    private static final String SECRET = "review-index-secret-1";
    private static final String STALE_HUMAN = "stale-sam";
    /** Like {@link #STALE_HUMAN}, for the switch-off test only (tests run in any order). */
    private static final String RETURNING_HUMAN = "stale-sue";
    private static final Duration BUILD = Duration.ofSeconds(90);
    private static final List<String> STATUSES = List.of("expired", "incomplete", "expiring", "orphaned", "review-required",
            "review-overdue", "review-due", "stale", "ok", "derived-class");
    /** Service accounts created with their clients through the admin API: no owner, purpose or expiry (incomplete). */
    private static final List<String> BARE = List.of("bare-01", "bare-02");
    private static final List<String> SORTS = List.of("username", "class", "status", "expiresAt", "lastReviewedAt", "reviewDueAt", "createdAt");

    private KeycloakServer server;
    private RealmResource realm;
    private GovernanceApi api;

    @BeforeAll
    void setUp(KeycloakServer server) {
        this.server = server;
        realm = Realms.create(server, fixture());
        // orphans: one owner disabled, one deleted after the import
        Principals.setEnabled(Principals.user(realm, "owner-gone-away"), false);
        realm.users().delete(Principals.user(realm, "owner-deleted").toRepresentation().getId()).close();
        // a realm import refuses incomplete machines in enforce; a client created with its service account makes one
        BARE.forEach(clientId -> realm.clients().create(Realms.serviceClient(clientId, SECRET)).close());
        api = new GovernanceApi(server.baseUrl(), REALM);
        awaitIndex();
    }

    @Test
    void everyFilterAnswersWhatAWalkOverTheUsersAnswers() {
        for (String status : STATUSES) {
            for (String identityClass : List.of("", "&class=bot", "&class=human", "&class=service-account")) {
                String query = "?max=500&status=" + status + identityClass;
                List<String> indexed = indexed(query);
                assertThat(indexed).as(query).containsExactlyElementsOf(walked(query));
            }
        }
        // the fixture really covers each status, so the comparisons above compare something
        for (String status : STATUSES) {
            assertThat(indexed("?max=500&status=" + status)).as(status).isNotEmpty();
        }
    }

    @Test
    void everySortAndPageAnswersWhatAWalkAnswers() {
        for (String sort : SORTS) {
            for (String order : List.of("asc", "desc")) {
                String query = "?sort=" + sort + "&order=" + order;
                assertThat(indexed(query + "&max=500")).as(query).containsExactlyElementsOf(walked(query + "&max=500"));
                assertThat(indexed(query + "&first=7&max=9")).as(query + " page").containsExactlyElementsOf(walked(query + "&first=7&max=9"));
                assertThat(indexed(query + "&status=expired&class=bot&max=500")).as(query + " filtered")
                        .containsExactlyElementsOf(walked(query + "&status=expired&class=bot&max=500"));
            }
        }
    }

    /**
     * Keyset continuation: following {@code next} from the first page lists exactly the rows, in the same order, that
     * paging by {@code first} lists, for every sort both ways and with filters; the last page carries no cursor.
     */
    @Test
    void walkingEveryPageByCursorListsWhatPagingByFirstLists() {
        for (String sort : SORTS) {
            for (String order : List.of("asc", "desc")) {
                for (String filter : List.of("", "&class=human", "&status=expired&class=bot", "&status=ok", "&status=derived-class")) {
                    String query = "?sort=" + sort + "&order=" + order + filter;
                    List<String> byFirst = pagedByFirst(query, 7);
                    assertThat(byFirst).as(query).containsExactlyElementsOf(indexed(query + "&max=500"));
                    assertThat(pagedByCursor(query, 7)).as(query + " by cursor").containsExactlyElementsOf(byFirst);
                }
            }
        }
        // pages of one: every row is a page boundary (ties in the sort column are continued by username)
        for (String sort : List.of("class", "status", "expiresAt", "reviewDueAt", "createdAt")) {
            String query = "?sort=" + sort + "&order=desc";
            assertThat(pagedByCursor(query, 1)).as(query + " pages of one").containsExactlyElementsOf(indexed(query + "&max=500"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCursorThatIsMalformedEditedOrMadeForAnotherListingIs400NamingAfter() {
        Map<String, Object> page = api.getJson("/identities?sort=expiresAt&order=desc&class=bot&max=3", admin());
        String next = (String) page.get("next");
        assertThat(next).as("a first page with more rows carries a cursor").isNotBlank();
        assertThat(page).containsEntry("hasMore", true).containsEntry("first", 0);
        Map<String, Object> second = api.getJson("/identities?sort=expiresAt&order=desc&class=bot&max=3&after=" + next, admin());
        assertThat(second).containsEntry("after", next).doesNotContainKey("first").containsEntry("source", "index");

        String edited = next.substring(0, 5) + (next.charAt(5) == 'A' ? 'B' : 'A') + next.substring(6);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("?sort=expiresAt&order=desc&class=bot&after=" + edited, "after must be the next cursor");
        refused.put("?sort=expiresAt&order=desc&class=bot&after=%25%25not-a-cursor", "after must be the next cursor");
        refused.put("?sort=expiresAt&order=desc&class=bot&after=" + "A".repeat(3000), "after must be the next cursor");
        refused.put("?sort=expiresAt&order=asc&class=bot&after=" + next, "another realm, sort, order or filter");
        refused.put("?sort=reviewDueAt&order=desc&class=bot&after=" + next, "another realm, sort, order or filter");
        refused.put("?sort=expiresAt&order=desc&after=" + next, "another realm, sort, order or filter");
        refused.put("?sort=expiresAt&order=desc&class=bot&status=expired&after=" + next, "another realm, sort, order or filter");
        refused.put("?sort=expiresAt&order=desc&class=bot&first=3&after=" + next, "cannot be combined with first");
        refused.put("?sort=expiresAt&order=desc&class=bot&first=0&after=" + next, "cannot be combined with first");
        // a text search walks the users, which page by position only
        refused.put("?sort=expiresAt&order=desc&class=bot&search=*&after=" + next, "answered from the review index only");
        refused.forEach((query, message) -> assertAfterRefused(api, query, message));

        // another governed realm: its cursors do not continue this realm's listing, nor this realm's its own
        RealmRepresentation other = Realms.governed(REALM + "-other", "enforce");
        for (int i = 0; i < 4; i++) {
            UserRepresentation bot = Realms.principal("other-bot-" + i, machine("bot", LocalDate.now(ZoneOffset.UTC).plusDays(40 + i), "olivia"));
            bot.setCredentials(null);
            other.getUsers().add(bot);
        }
        RealmResource otherRealm = Realms.create(server, other);
        try {
            GovernanceApi otherApi = new GovernanceApi(server.baseUrl(), REALM + "-other");
            server.waitFor(BUILD, () -> "index".equals(otherApi.getJson("/statistics", admin()).get("source")), "the review index of the other realm");
            String otherNext = (String) otherApi.getJson("/identities?sort=expiresAt&order=desc&class=bot&max=1", admin()).get("next");
            assertThat(otherNext).isNotBlank();
            assertAfterRefused(api, "?sort=expiresAt&order=desc&class=bot&after=" + otherNext, "another realm");
            assertAfterRefused(otherApi, "?sort=expiresAt&order=desc&class=bot&after=" + next, "another realm");
        } finally {
            otherRealm.remove();
        }
    }

    private void assertAfterRefused(GovernanceApi on, String query, String message) {
        var response = on.get("/identities" + query, admin());
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
        assertThat(GovernanceApi.json(response)).as(query).containsEntry("field", "after");
        assertThat((String) GovernanceApi.json(response).get("errorMessage")).as(query).contains(message);
    }

    /** Every row of the listing, page after page by position. */
    @SuppressWarnings("unchecked")
    private List<String> pagedByFirst(String query, int size) {
        List<String> all = new ArrayList<>();
        for (int first = 0; ; first += size) {
            Map<String, Object> page = api.getJson("/identities" + query + "&first=" + first + "&max=" + size, admin());
            assertThat(page).as(query).containsEntry("source", "index");
            ((List<Map<String, Object>>) page.get("items")).forEach(item -> all.add((String) item.get("username")));
            if (!Boolean.TRUE.equals(page.get("hasMore"))) {
                return all;
            }
        }
    }

    /** Every row of the listing, following each page's {@code next} cursor; a cursor exactly when more rows follow. */
    @SuppressWarnings("unchecked")
    private List<String> pagedByCursor(String query, int size) {
        List<String> all = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 500; pages++) {
            Map<String, Object> page = api.getJson("/identities" + query + "&max=" + size + (after == null ? "" : "&after=" + after), admin());
            assertThat(page).as(query).containsEntry("source", "index");
            ((List<Map<String, Object>>) page.get("items")).forEach(item -> all.add((String) item.get("username")));
            boolean hasMore = Boolean.TRUE.equals(page.get("hasMore"));
            assertThat(page.containsKey("next")).as(query + " next exactly when hasMore").isEqualTo(hasMore);
            if (!hasMore) {
                return all;
            }
            after = (String) page.get("next");
        }
        throw new AssertionError(query + ": more than 500 pages");
    }

    @Test
    @SuppressWarnings("unchecked")
    void statisticsFromTheIndexCountWhatTheFiltersFind() {
        Map<String, Object> stats = api.getJson("/statistics", admin());
        assertThat(stats).containsEntry("source", "index");
        Map<String, Map<String, Integer>> classes = (Map<String, Map<String, Integer>>) stats.get("classes");
        Map<String, String> keys = Map.of("expired", "expired", "incomplete", "incomplete", "expiring", "expiring", "orphaned", "orphaned",
                "review-required", "reviewRequired", "review-overdue", "reviewOverdue", "review-due", "reviewDue", "stale", "stale", "ok", "ok",
                "derived-class", "derivedClass");
        int total = 0;
        for (String identityClass : List.of("human", "service-account", "bot", "ai-agent")) {
            Map<String, Integer> counts = classes.get(identityClass);
            assertThat(counts.get("total")).as(identityClass).isEqualTo(walked("?max=500&class=" + identityClass).size());
            total += counts.get("total");
            keys.forEach((status, key) -> assertThat(counts.get(key)).as(identityClass + " " + status)
                    .isEqualTo(walked("?max=500&class=" + identityClass + "&status=" + status).size()));
        }
        assertThat(stats.get("total")).isEqualTo(total);
    }

    @Test
    void exportFromTheIndexHoldsTheFilteredSet() {
        String csv = GovernanceApi.require(api.get("/export?format=csv&status=orphaned", admin()), 200).body();
        List<String> rows = csv.lines().skip(1).toList();
        List<String> orphans = walked("?max=500&status=orphaned");
        assertThat(rows).hasSize(orphans.size());
        orphans.forEach(username -> assertThat(rows).anyMatch(row -> row.contains("," + username + ",")));
    }

    /**
     * A machine the token gate refuses for missing attributes (here a service account created with its client) is
     * {@code incomplete} in the review, with the gate's own reason, counted and exported, never {@code ok}; once an
     * administrator completes it, it leaves the filter at once.
     */
    @Test
    @SuppressWarnings("unchecked")
    void anIncompleteMachineIsListedWithTheGatesReasonCountedAndExportedUntilCompleted() throws Exception {
        String clientId = "bare-late";
        String username = "service-account-" + clientId;
        int before = incompleteServiceAccounts();
        realm.clients().create(Realms.serviceClient(clientId, SECRET)).close();

        Grants.Result refused = new Grants(server.realmUrl(REALM)).clientCredentials(OidcClient.secret(clientId, SECRET));
        assertThat(refused.refused()).as(refused.describe()).isTrue();
        String gate = refused.error().getDescription();
        assertThat(gate).isEqualTo(username + ": a service-account needs identity_owner, identity_purpose, identity_expires_at;"
                + " an administrator sets them on the identity before it gets tokens.");

        // listed from the index with the gate's reason; the walk agrees; never ok
        assertThat(indexed("?max=500&status=incomplete")).contains(username);
        assertThat(walked("?max=500&status=incomplete")).contains(username);
        assertThat(indexed("?max=500&status=ok")).doesNotContain(username);
        assertThat(walked("?max=500&status=ok")).doesNotContain(username);
        Map<String, Object> item = ((List<Map<String, Object>>) api.getJson("/identities?max=500&status=incomplete", admin()).get("items"))
                .stream().filter(i -> username.equals(i.get("username"))).findFirst().orElseThrow();
        assertThat(item).containsEntry("status", "incomplete");
        assertThat((List<String>) item.get("statuses")).contains("incomplete", "derived-class").doesNotContain("ok");
        assertThat((List<String>) item.get("reasons")).contains(gate);
        Map<String, Object> summary = api.getJson("/identities/" + item.get("id"), admin());
        assertThat(summary).containsEntry("status", "incomplete");
        assertThat((List<String>) summary.get("reasons")).contains(gate);
        // sorted by status right after expired
        List<String> byStatus = indexed("?max=500&sort=status");
        assertThat(byStatus).containsExactlyElementsOf(walked("?max=500&sort=status"));
        assertThat(incompleteServiceAccounts()).isEqualTo(before + 1);

        // exported with its status and reason, in both formats
        String csv = GovernanceApi.require(api.get("/export?format=csv&status=incomplete", admin()), 200).body();
        assertThat(csv.lines().filter(row -> row.contains("," + username + ",")).findFirst().orElseThrow())
                .contains(",incomplete,").contains("needs identity_owner, identity_purpose, identity_expires_at");
        List<Map<String, Object>> json = GovernanceApi.jsonArray(GovernanceApi.require(api.get("/export?format=json&status=incomplete", admin()), 200).body());
        assertThat(json).filteredOn(row -> username.equals(row.get("username"))).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("status", "incomplete"));

        // completed by an administrator: out of the filter at once, counted no more, and tokens again
        Principals.setAttributes(Principals.serviceAccount(realm, clientId), machine("service-account", LocalDate.now(ZoneOffset.UTC).plusDays(90), "olivia"));
        assertThat(indexed("?max=500&status=incomplete")).doesNotContain(username);
        assertThat(walked("?max=500&status=incomplete")).doesNotContain(username);
        assertThat(incompleteServiceAccounts()).isEqualTo(before);
        new Grants(server.realmUrl(REALM)).clientCredentials(OidcClient.secret(clientId, SECRET)).requireSuccess();
        realm.clients().get(realm.clients().findByClientId(clientId).get(0).getId()).remove();
    }

    @SuppressWarnings("unchecked")
    private int incompleteServiceAccounts() {
        Map<String, Map<String, Integer>> classes = (Map<String, Map<String, Integer>>) api.getJson("/statistics", admin()).get("classes");
        return classes.get("service-account").get("incomplete");
    }

    @Test
    void theIndexFollowsAdminChangesAtOnce() {
        // a new machine, created through the admin API, is found by its class at once
        ClientRepresentation client = Realms.serviceClient("late-bot", SECRET);
        realm.clients().create(client).close();
        Principals.setAttributes(Principals.serviceAccount(realm, "late-bot"), machine("bot", LocalDate.now(ZoneOffset.UTC).plusDays(20), "olivia"));
        assertThat(indexed("?max=500&class=bot&status=expiring")).contains("service-account-late-bot");

        // reclassified: review required; reviewed: released
        Principals.setAttributes(Principals.serviceAccount(realm, "late-bot"), Map.of("identity_class", "service-account"));
        assertThat(indexed("?max=500&status=review-required")).contains("service-account-late-bot");
        String id = Principals.serviceAccount(realm, "late-bot").toRepresentation().getId();
        api.postJson("/identities/" + id + "/review", admin(), "{\"comment\":\"index test\"}");
        assertThat(indexed("?max=500&status=review-required")).doesNotContain("service-account-late-bot");
        assertThat(indexed("?sort=lastReviewedAt&order=desc&max=1")).containsExactly("service-account-late-bot");

        // its owner disabled: orphaned at once
        Principals.setAttributes(Principals.serviceAccount(realm, "late-bot"), Map.of("identity_owner", "owner-spare"));
        assertThat(indexed("?max=500&status=orphaned")).doesNotContain("service-account-late-bot");
        Principals.setEnabled(Principals.user(realm, "owner-spare"), false);
        assertThat(indexed("?max=500&status=orphaned")).contains("service-account-late-bot");

        // deleted: gone
        String clientId = realm.clients().findByClientId("late-bot").get(0).getId();
        realm.clients().get(clientId).remove();
        assertThat(indexed("?max=500")).doesNotContain("service-account-late-bot");
    }

    @Test
    @SuppressWarnings("unchecked")
    void staleIsTheSweepsInactivityRuleAndAUseEndsIt() throws Exception {
        // created 200 days ago, reviewed today, never logged in: past the 180 stale days of a human
        assertThat(indexed("?max=500&status=stale")).contains(STALE_HUMAN);
        assertThat(walked("?max=500&status=stale")).contains(STALE_HUMAN);
        Map<String, Object> item = item(STALE_HUMAN);
        assertThat((List<String>) item.get("statuses")).containsExactly("stale");
        assertThat((List<String>) item.get("reasons")).anyMatch(reason -> reason.startsWith(STALE_HUMAN
                + ": no login or token since creation on ") && reason.contains("180 days"));

        // a login is a use: the index row records the day, and both the index and the walk stop calling it stale
        new Grants(server.realmUrl(REALM)).password("app", STALE_HUMAN, Realms.PASSWORD).requireSuccess();
        server.waitFor(Duration.ofSeconds(10), () -> !indexed("?max=500&status=stale").contains(STALE_HUMAN), "the login recorded as a use");
        assertThat(walked("?max=500&status=stale")).doesNotContain(STALE_HUMAN);
        assertThat((List<String>) item(STALE_HUMAN).get("statuses")).containsExactly("ok");
        assertThat(indexed("?max=500&status=ok")).contains(STALE_HUMAN);
    }

    /**
     * The index precomputes each row's clock statuses for the interval they hold over; rows whose interval has ended
     * (a boundary crossed since the row was written) are computed live and merged into status order and counts.
     * Identities whose review becomes due or overdue seconds after their rows are written are listed, sorted, paged
     * and counted as the walk does, before and after the crossing.
     */
    @Test
    void identitiesCrossingAStatusBoundaryAfterTheirRowWasWrittenAreListedAndCountedAsAWalk() {
        Instant crossing = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        // a human's review (cadence 30 days) is due 30 days after the last one, review-due 14 days (the warning) before,
        // overdue after 30 more days (grace of a human of medium risk)
        List<String> due = List.of("b-cross-due", "o-cross-due", "x-cross-due");
        List<String> overdue = List.of("d-cross-overdue", "p-cross-overdue", "y-cross-overdue");
        Map<String, Instant> lastReviewed = new LinkedHashMap<>();
        due.forEach(name -> lastReviewed.put(name, crossing.minus(16, ChronoUnit.DAYS)));
        overdue.forEach(name -> lastReviewed.put(name, crossing.minus(60, ChronoUnit.DAYS)));
        importReviewed(lastReviewed);
        assertThat(Instant.now()).as("set up before the crossing").isBefore(crossing);
        assertThat(indexed("?max=500&status=review-due")).doesNotContainAnyElementsOf(due).containsAll(overdue);
        assertThat(indexed("?max=500&status=review-overdue")).doesNotContainAnyElementsOf(overdue);
        assertThat(indexed("?max=500&status=ok")).containsAll(due);

        server.waitFor(Duration.ofSeconds(40), () -> Instant.now().isAfter(crossing.plusSeconds(1)), "the crossing");
        assertThat(indexed("?max=500&status=review-due")).containsAll(due).doesNotContainAnyElementsOf(overdue);
        assertThat(indexed("?max=500&status=review-overdue")).containsAll(overdue);
        for (String order : List.of("asc", "desc")) {
            for (String identityClass : List.of("", "&class=human")) {
                String query = "?sort=status&order=" + order + identityClass;
                assertThat(indexed(query + "&max=500")).as(query).containsExactlyElementsOf(walked(query + "&max=500"));
                int total = walked(query + "&max=500").size();
                for (int first = 0; first <= total; first += 4) {
                    String page = query + "&first=" + first + "&max=5";
                    assertThat(indexed(page)).as(page).containsExactlyElementsOf(walked(page));
                }
                // the rows computed live are merged into the pages after a cursor as into those at an offset
                assertThat(pagedByCursor(query, 5)).as(query + " by cursor").containsExactlyElementsOf(walked(query + "&max=500"));
            }
        }
        statisticsFromTheIndexCountWhatTheFiltersFind();
        everyFilterAnswersWhatAWalkOverTheUsersAnswers();
    }

    /** Through a partial import: the last review is not an attribute an administrator may set through the user profile. */
    private void importReviewed(Map<String, Instant> lastReviewed) {
        PartialImportRepresentation partial = new PartialImportRepresentation();
        partial.setIfResourceExists(PartialImportRepresentation.Policy.FAIL.name());
        partial.setUsers(lastReviewed.entrySet().stream().map(entry -> {
            UserRepresentation user = Realms.principal(entry.getKey(), Map.of("identity_class", "human", "identity_review_cadence_days", "30",
                    "identity_last_reviewed_at", entry.getValue().toString(), "identity_last_reviewed_by", "admin"));
            user.setCredentials(null);
            return user;
        }).toList());
        try (var response = realm.partialImport(partial)) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void theOrphanFlagFollowsTheOwnersRow() {
        realm.users().create(Realms.human("owner-flag", true)).close();
        realm.clients().create(Realms.serviceClient("flag-bot", SECRET)).close();
        Principals.setAttributes(Principals.serviceAccount(realm, "flag-bot"), machine("bot", LocalDate.now(ZoneOffset.UTC).plusDays(90), "owner-flag"));
        String bot = "service-account-flag-bot";
        assertOrphaned(bot, false);

        Principals.setEnabled(Principals.user(realm, "owner-flag"), false);
        assertOrphaned(bot, true);
        Principals.setEnabled(Principals.user(realm, "owner-flag"), true);
        assertOrphaned(bot, false);

        // the owner becomes a machine: not a human, so the bot is orphaned (the owner's reclassification needs a review itself)
        Principals.setAttributes(Principals.user(realm, "owner-flag"), Map.of("identity_class", "bot", "identity_owner", "olivia",
                "identity_purpose", "reclassified owner", "identity_expires_at", LocalDate.now(ZoneOffset.UTC).plusDays(30).toString()));
        assertOrphaned(bot, true);

        // deleted: orphaned; a new person of that name: owned again
        realm.users().delete(Principals.user(realm, "owner-flag").toRepresentation().getId()).close();
        assertOrphaned(bot, true);
        realm.users().create(Realms.human("owner-flag", true)).close();
        assertOrphaned(bot, false);
    }

    /** The index and a walk agree on whether the identity is orphaned, and that is {@code expected}. */
    private void assertOrphaned(String username, boolean expected) {
        assertThat(indexed("?max=500&status=orphaned").contains(username)).as(username + " orphaned (index)").isEqualTo(expected);
        assertThat(walked("?max=500&status=orphaned").contains(username)).as(username + " orphaned (walk)").isEqualTo(expected);
        assertThat(indexed("?max=500&sort=status").contains(username)).as(username + " listed").isTrue();
    }

    @Test
    void usersAddedByAPartialImportAreIndexedAtOnce() {
        PartialImportRepresentation partial = new PartialImportRepresentation();
        partial.setIfResourceExists(PartialImportRepresentation.Policy.SKIP.name());
        UserRepresentation bot = Realms.principal("imported-bot", machine("bot", LocalDate.now(ZoneOffset.UTC).minusDays(2), "olivia"));
        bot.setCredentials(null);
        partial.setUsers(List.of(bot));
        realm.partialImport(partial).close();
        assertThat(indexed("?max=500&class=bot&status=expired")).contains("imported-bot");
    }

    @Test
    @SuppressWarnings("unchecked")
    void switchingGovernanceOffAndOnRebuildsTheIndexAndKeepsTheDaysOfLastUse() throws Exception {
        // a use recorded while governed: no longer stale
        new Grants(server.realmUrl(REALM)).password("app", RETURNING_HUMAN, Realms.PASSWORD).requireSuccess();
        server.waitFor(Duration.ofSeconds(10), () -> !indexed("?max=500&status=stale").contains(RETURNING_HUMAN), "the login recorded as a use");

        setMode("off");
        assertThat(realm.toRepresentation().getAttributes()).doesNotContainKey("idgov.identity-index");
        setMode("enforce");
        awaitIndex();

        assertThat(indexed("?max=500&status=orphaned")).containsExactlyElementsOf(walked("?max=500&status=orphaned"));
        // the day of last use outlives the switch: the rebuilt index and the walk still do not call the identity stale
        assertThat(indexed("?max=500&status=stale")).doesNotContain(RETURNING_HUMAN);
        assertThat(walked("?max=500&status=stale")).doesNotContain(RETURNING_HUMAN);
        assertThat((List<String>) item(RETURNING_HUMAN).get("statuses")).containsExactly("ok");
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private Map<String, Object> item(String username) {
        Map<String, Object> page = api.getJson("/identities?max=1&search=%22" + username + "%22", admin());
        return ((List<Map<String, Object>>) page.get("items")).get(0);
    }

    private void awaitIndex() {
        server.waitFor(BUILD, () -> "index".equals(api.getJson("/statistics", admin()).get("source")), "the review index of " + REALM);
    }

    private List<String> indexed(String query) {
        return api.indexed(query, admin());
    }

    private List<String> walked(String query) {
        return api.walked(query, admin());
    }

    private void setMode(String mode) {
        RealmRepresentation rep = realm.toRepresentation();
        Map<String, String> attributes = new HashMap<>(rep.getAttributes());
        attributes.put(Realms.MODE_ATTRIBUTE, mode);
        rep.setAttributes(attributes);
        realm.update(rep);
    }

    private String admin() {
        return server.adminClient().tokenManager().getAccessTokenString();
    }

    /** 60 identities in every combination the statuses depend on, from a fixed seed. */
    private static RealmRepresentation fixture() {
        RealmRepresentation realm = Realms.governed(REALM, "enforce");
        realm.getUsers().add(Realms.human("owner-gone-away", true));
        realm.getUsers().add(Realms.human("owner-deleted", true));
        realm.getUsers().add(Realms.human("owner-spare", true));
        UserRepresentation stale = Realms.principal(STALE_HUMAN, Map.of("identity_class", "human", "identity_last_reviewed_at",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "identity_last_reviewed_by", "admin"));
        stale.setCreatedTimestamp(Instant.now().minus(200, ChronoUnit.DAYS).toEpochMilli());
        realm.getUsers().add(stale);
        UserRepresentation returning = Realms.principal(RETURNING_HUMAN, Map.of("identity_class", "human", "identity_last_reviewed_at",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "identity_last_reviewed_by", "admin"));
        returning.setCreatedTimestamp(Instant.now().minus(200, ChronoUnit.DAYS).toEpochMilli());
        realm.getUsers().add(returning);
        Random random = new Random(20261129L);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> owners = List.of("olivia", "olivia", "owner-gone-away", "owner-deleted");
        List<Integer> expiries = List.of(-30, -1, 0, 1, 10, 30, 31, 60);
        List<String> classes = List.of("service-account", "bot", "ai-agent");
        for (int i = 0; i < 30; i++) {
            String clientId = "m" + String.format("%02d", i);
            Map<String, String> attributes = machine(classes.get(random.nextInt(classes.size())),
                    today.plusDays(expiries.get(random.nextInt(expiries.size()))), owners.get(random.nextInt(owners.size())));
            if (random.nextInt(4) == 0) {
                attributes.put("identity_review_cadence_days", String.valueOf(List.of(7, 30, 90).get(random.nextInt(3))));
            }
            if (random.nextInt(5) == 0) {
                attributes.put("identity_reclassified_at", Instant.now().minus(random.nextInt(10) + 1, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.SECONDS).toString());
            }
            realm.getClients().add(Realms.serviceClient(clientId, SECRET));
            UserRepresentation user = Realms.serviceAccountUser(clientId, attributes);
            user.setCreatedTimestamp(Instant.now().minus(random.nextInt(500), ChronoUnit.DAYS).toEpochMilli());
            realm.getUsers().add(user);
        }
        for (int i = 0; i < 30; i++) {
            UserRepresentation person = random.nextBoolean() ? Realms.human("p" + String.format("%02d", i), true)
                    : Realms.principal("p" + String.format("%02d", i), Map.of("identity_class", "human",
                    "identity_review_cadence_days", String.valueOf(List.of(30, 180, 365).get(random.nextInt(3)))));
            person.setCreatedTimestamp(Instant.now().minus(random.nextInt(500), ChronoUnit.DAYS).toEpochMilli());
            realm.getUsers().add(person);
        }
        return realm;
    }

    private static Map<String, String> machine(String identityClass, LocalDate expires, String owner) {
        Map<String, String> attributes = new LinkedHashMap<>(Realms.machine(identityClass));
        attributes.put("identity_owner", owner);
        if (attributes.containsKey("identity_sponsor")) {
            attributes.put("identity_sponsor", owner);
        }
        attributes.put("identity_expires_at", expires.toString());
        return attributes;
    }
}

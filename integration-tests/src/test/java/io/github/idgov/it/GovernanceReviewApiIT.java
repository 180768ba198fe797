package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.AuditSettings;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AuditFile;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.RolesRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The identity review API ({@code /admin/realms/{realm}/identity-governance}) against the real server: every
 * endpoint, filter, paging and sorting, 400s naming the parameter, 401/403 through Keycloak's admin permissions,
 * and a review that writes the attributes, an admin event and an audit record, and lets a reclassified machine's
 * tokens through again.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceReviewApiIT {

    private static final String REALM = "review-api";
    private static final String SECRET = "review-api-secret-1";
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private KeycloakServer server;
    private AuditSettings audit;
    private RealmResource realm;
    private GovernanceApi api;

    @BeforeAll
    void setUp(KeycloakServer server, AuditSettings audit) {
        this.server = server;
        this.audit = audit;
        realm = Realms.create(server, realm());
        // owen's bot becomes an orphan: its owner is disabled after the import
        Principals.setEnabled(Principals.user(realm, "owen"), false);
        api = new GovernanceApi(server.baseUrl(), REALM);
    }

    // ---- list: filters, search, paging, sorting ----

    @Test
    void listsPeopleAndServiceAccountsInUsernameOrder() {
        List<String> all = api.usernames("?max=500", admin());
        assertThat(all).contains("olivia", "hugo-due", "service-account-svc-ok", "service-account-agent-one").isSorted();
        Map<String, Object> agent = item("?search=service-account-agent-one", "service-account-agent-one");
        assertThat(agent).containsEntry("class", "ai-agent").containsEntry("classDerived", false).containsEntry("clientId", "agent-one")
                .containsEntry("owner", "olivia").containsEntry("sponsor", "olivia").containsEntry("autonomy", "recommend")
                .containsEntry("status", "ok").containsEntry("enabled", true);
        assertThat(item("?search=olivia", "olivia")).containsEntry("class", "human").containsEntry("classDerived", true)
                .containsEntry("statuses", List.of("ok", "derived-class"));
    }

    @ParameterizedTest
    @CsvSource({
            "class=bot, service-account-bot-orphan",
            "class=ai-agent, service-account-agent-one",
            "status=expired, service-account-svc-expired",
            "status=expiring, service-account-svc-expiring",
            "status=orphaned, service-account-bot-orphan",
            "status=review-due, hugo-due",
            "status=review-overdue, rex-overdue",
    })
    void filtersFindExactlyTheIdentitiesInThatState(String filter, String expected) {
        assertThat(api.usernames("?max=500&" + filter, admin())).containsExactly(expected);
    }

    @Test
    void derivedClassesAndOkAreFiltersToo() {
        List<String> humans = api.usernames("?class=human&max=500", admin());
        assertThat(humans).contains("olivia", "dora", "rex-overdue").noneMatch(u -> u.startsWith("service-account-"));
        assertThat(api.usernames("?class=service-account&max=500", admin()))
                .contains("service-account-svc-ok", "service-account-svc-expired").allMatch(u -> u.startsWith("service-account-svc-"));
        assertThat(api.usernames("?status=derived-class&max=500", admin())).contains("olivia").doesNotContain("service-account-svc-ok");
        List<String> ok = api.usernames("?status=ok&max=500", admin());
        assertThat(ok).contains("service-account-svc-ok", "olivia")
                .doesNotContain("service-account-svc-expired", "service-account-svc-expiring", "hugo-due", "rex-overdue", "service-account-bot-orphan");
        assertThat(api.usernames("?status=expired&class=human&max=500", admin())).isEmpty();
    }

    @Test
    void textSearchUsesKeycloaksSyntax() {
        assertThat(api.usernames("?search=service-account-svc&max=500", admin())).containsExactly("service-account-svc-expired",
                "service-account-svc-expiring", "service-account-svc-ok", "service-account-svc-reclass");
        assertThat(api.usernames("?search=*overdue*", admin())).containsExactly("rex-overdue");
        assertThat(api.usernames("?search=*svc*&status=expiring", admin())).containsExactly("service-account-svc-expiring");
    }

    @Test
    void pagesAreServerSideAndAddUpToTheWholeList() {
        List<String> all = api.usernames("?max=500", admin());
        assertThat(all.size()).isGreaterThan(6);
        Map<String, Object> first = api.getJson("/identities?first=0&max=3", admin());
        Map<String, Object> second = api.getJson("/identities?first=3&max=3", admin());
        assertThat(first).containsEntry("first", 0).containsEntry("max", 3).containsEntry("hasMore", true);
        List<String> joined = new ArrayList<>(names(first));
        joined.addAll(names(second));
        assertThat(joined).containsExactlyElementsOf(all.subList(0, 6));
        Map<String, Object> last = api.getJson("/identities?first=" + (all.size() - 1) + "&max=3", admin());
        assertThat(names(last)).containsExactly(all.get(all.size() - 1));
        assertThat(last).containsEntry("hasMore", false);
        // paging over a post-filtered set: pages of one, in order, end where the filter ends
        assertThat(names(api.getJson("/identities?class=human&first=1&max=1", admin())))
                .containsExactly(api.usernames("?class=human&max=500", admin()).get(1));
    }

    @Test
    void sortsByAnyColumnBothWays() {
        List<String> all = api.usernames("?max=500", admin());
        List<String> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        assertThat(api.usernames("?max=500&order=desc", admin())).containsExactlyElementsOf(reversed);
        List<String> byExpiry = api.usernames("?class=service-account&sort=expiresAt", admin());
        assertThat(byExpiry.subList(0, 2)).containsExactly("service-account-svc-expired", "service-account-svc-expiring");
        List<String> byExpiryDesc = api.usernames("?class=service-account&sort=expiresAt&order=desc", admin());
        assertThat(byExpiryDesc.get(byExpiryDesc.size() - 1)).isEqualTo("service-account-svc-expired");
        assertThat(api.usernames("?sort=status&max=1", admin())).containsExactly("service-account-svc-expired");
        // a sorted page is the same slice of the whole sorted list
        List<String> byCreation = api.usernames("?sort=createdAt&max=500", admin());
        assertThat(byCreation.get(0)).isEqualTo("rex-overdue");
        assertThat(api.usernames("?sort=createdAt&first=1&max=2", admin())).containsExactlyElementsOf(byCreation.subList(1, 3));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/identities?first=-1 | first",
            "/identities?first=abc | first",
            "/identities?max=0 | max",
            "/identities?max=501 | max",
            "/identities?max=ten | max",
            "/identities?class=robot | class",
            "/identities?status=fine | status",
            "/identities?sort=password | sort",
            "/identities?order=up | order",
            "/identities?after=%25%25 | after",
            "/identities?after=eyJ2IjoxfQ | after",
            "/identities?first=0&after=eyJ2IjoxfQ | after",
            "/export?format=xml | format",
            "/export?status=bogus | status",
    })
    void malformedParametersAre400NamingTheParameter(String path, String field) {
        HttpResponse<String> response = api.get(path, admin());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(GovernanceApi.json(response)).containsEntry("field", field);
        assertThat((String) GovernanceApi.json(response).get("errorMessage")).contains(field);
    }

    @Test
    void malformedReviewBodiesAre400NamingTheField() {
        String id = id("bulk-a");
        assertThat(fieldOf(api.post("/identities/" + id + "/review", admin(), "{\"comment\":\"" + "x".repeat(1025) + "\"}"))).isEqualTo("comment");
        assertThat(fieldOf(api.post("/identities/" + id + "/review", admin(), "{\"comment\": 7}"))).isEqualTo("comment");
        assertThat(fieldOf(api.post("/identities/" + id + "/review", admin(), "not json"))).isEqualTo("body");
        assertThat(fieldOf(api.post("/reviews", admin(), "{\"comment\":\"x\"}"))).isEqualTo("ids");
        assertThat(fieldOf(api.post("/reviews", admin(), "{\"ids\":[]}"))).isEqualTo("ids");
        assertThat(fieldOf(api.post("/reviews", admin(), "{\"ids\":[42]}"))).isEqualTo("ids");
        assertThat(attributes(Principals.user(realm, "bulk-a").toRepresentation())).doesNotContainKey("identity_last_reviewed_at");
        assertThat(api.get("/identities/no-such-id", admin()).statusCode()).isEqualTo(404);
        assertThat(api.post("/identities/no-such-id/review", admin(), null).statusCode()).isEqualTo(404);
    }

    // ---- summary ----

    @Test
    @SuppressWarnings("unchecked")
    void summaryAnswersWhoOwnsItWhatItCanDoAndWhenItWasReviewed() {
        Map<String, Object> agent = api.getJson("/identities/" + saId("agent-one"), admin());
        assertThat(agent).containsEntry("class", "ai-agent").containsEntry("autonomy", "recommend")
                .containsEntry("purpose", "integration test ai-agent").containsEntry("status", "ok");
        assertThat((Map<String, Object>) agent.get("owner")).containsEntry("username", "olivia").containsEntry("state", "ok");
        assertThat((Map<String, Object>) agent.get("sponsor")).containsEntry("username", "olivia").containsEntry("state", "ok");
        assertThat((List<String>) agent.get("realmRoles")).contains("reporter");
        assertThat((Map<String, List<String>>) agent.get("clientRoles")).containsEntry("app", List.of("reader"));
        assertThat(((Map<String, List<String>>) agent.get("clientScopes")).get("default")).contains("identity-governance");
        assertThat((List<Map<String, Object>>) agent.get("credentials")).extracting(c -> c.get("type")).containsExactly("client-secret");
        assertThat((Map<String, Object>) agent.get("lastReview")).doesNotContainKeys("at", "by", "comment"); // never reviewed
        assertThat(agent).containsEntry("activeSessions", 0).doesNotContainKey("lastActivity").containsKeys("reviewDueAt", "reasons");

        Map<String, Object> orphan = api.getJson("/identities/" + saId("bot-orphan"), admin());
        assertThat(orphan).containsEntry("status", "orphaned");
        assertThat((Map<String, Object>) orphan.get("owner")).containsEntry("username", "owen").containsEntry("state", "disabled");
        assertThat((List<String>) orphan.get("reasons")).anyMatch(r -> r.contains("owen"));

        Map<String, Object> person = api.getJson("/identities/" + id("olivia"), admin());
        assertThat((List<Map<String, Object>>) person.get("credentials")).extracting(c -> c.get("type")).containsExactly("password");
        assertThat(person).doesNotContainKeys("clientScopes", "autonomy");

        Map<String, Object> expired = api.getJson("/identities/" + saId("svc-expired"), admin());
        assertThat((List<String>) expired.get("statuses")).contains("expired");
        assertThat((List<String>) expired.get("reasons")).anyMatch(r -> r.contains("identity expired on"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void summaryShowsLastActivityFromActiveSessions() throws Exception {
        new Grants(server.realmUrl(REALM)).password("app", "olivia", Realms.PASSWORD).requireSuccess();
        Map<String, Object> person = api.getJson("/identities/" + id("olivia"), admin());
        assertThat((Integer) person.get("activeSessions")).isGreaterThanOrEqualTo(1);
        assertThat(Instant.parse((String) person.get("lastActivity"))).isAfter(Instant.now().minus(5, ChronoUnit.MINUTES));
    }

    // ---- review ----

    @Test
    @SuppressWarnings("unchecked")
    void reviewWritesTheRecordAnAdminEventAndAnAuditRecordAndReleasesAReclassifiedMachine() throws Exception {
        Grants grants = new Grants(server.realmUrl(REALM));
        grants.clientCredentials(OidcClient.secret("svc-reclass", SECRET)).requireSuccess();
        Principals.setAttributes(Principals.serviceAccount(realm, "svc-reclass"), Map.of("identity_class", "bot"));
        assertThat(api.usernames("?status=review-required", admin())).containsExactly("service-account-svc-reclass");
        assertThat(grants.clientCredentials(OidcClient.secret("svc-reclass", SECRET)).refused()).isTrue();

        String id = saId("svc-reclass");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> result = api.postJson("/identities/" + id + "/review", admin(), "{\"comment\":\"owner confirmed the bot\"}");
        assertThat(result).containsEntry("reviewedBy", "admin@master").containsEntry("comment", "owner confirmed the bot");

        UserRepresentation user = Principals.serviceAccount(realm, "svc-reclass").toRepresentation();
        assertThat(user.getAttributes()).containsEntry("identity_last_reviewed_by", List.of("admin@master"))
                .doesNotContainKey("identity_review_status");
        assertThat(Instant.parse(user.getAttributes().get("identity_last_reviewed_at").get(0))).isAfterOrEqualTo(before);
        Map<String, Object> summary = api.getJson("/identities/" + id, admin());
        assertThat((Map<String, Object>) summary.get("lastReview")).containsEntry("by", "admin@master")
                .containsEntry("comment", "owner confirmed the bot");
        assertThat(summary).containsEntry("status", "ok");
        assertThat(api.usernames("?status=review-required", admin())).isEmpty();
        // the token gate agrees: the machine gets tokens again
        grants.clientCredentials(OidcClient.secret("svc-reclass", SECRET)).requireSuccess();
        // an ordinary edit of the identity through the admin API keeps the review comment
        Principals.setAttributes(Principals.serviceAccount(realm, "svc-reclass"), Map.of("identity_purpose", "nightly sync"));
        assertThat((Map<String, Object>) api.getJson("/identities/" + id, admin()).get("lastReview"))
                .containsEntry("comment", "owner confirmed the bot");

        List<AdminEventRepresentation> events = realm.getAdminEvents();
        assertThat(events).anyMatch(e -> "ACTION".equals(e.getOperationType()) && "USER".equals(e.getResourceType())
                && ("identity-governance/identities/" + id + "/review").equals(e.getResourcePath())
                && e.getRepresentation() != null && e.getRepresentation().contains("owner confirmed the bot"));

        Map<String, Object> reviewed = awaitAuditRecord(r -> "REVIEWED".equals(r.get("type"))
                && "service-account-svc-reclass".equals(((Map<String, Object>) r.get("principal")).get("username")));
        assertThat(reviewed).containsEntry("source", "lifecycle");
        assertThat((Map<String, Object>) reviewed.get("details")).containsEntry("by", "admin@master")
                .containsEntry("comment", "owner confirmed the bot").containsKey("reviewed_at");
        Map<String, Object> adminRecord = awaitAuditRecord(r -> "admin".equals(r.get("source")) && r.get("resource") instanceof Map<?, ?> res
                && ("identity-governance/identities/" + id + "/review").equals(res.get("path")));
        assertThat(adminRecord).containsEntry("type", "USER_ACTION");
    }

    @Test
    void bulkReviewIsAllOrNothing() {
        String a = id("bulk-a");
        String b = id("bulk-b");
        HttpResponse<String> refused = api.post("/reviews", admin(), "{\"ids\":[\"" + a + "\",\"no-such-id\"]}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(GovernanceApi.json(refused)).containsEntry("field", "ids");
        assertThat(attributes(Principals.user(realm, "bulk-a").toRepresentation())).doesNotContainKey("identity_last_reviewed_at");

        Map<String, Object> result = api.postJson("/reviews", admin(), "{\"ids\":[\"" + a + "\",\"" + b + "\"],\"comment\":\"Q4 campaign\"}");
        assertThat((List<?>) result.get("reviewed")).hasSize(2);
        for (String username : List.of("bulk-a", "bulk-b")) {
            Map<String, List<String>> attributes = attributes(Principals.user(realm, username).toRepresentation());
            assertThat(attributes).containsEntry("identity_last_reviewed_by", List.of("admin@master")).containsKey("identity_last_reviewed_at");
        }
        assertThat(api.getJson("/identities/" + b, admin())).extracting(s -> ((Map<?, ?>) s.get("lastReview")).get("comment")).isEqualTo("Q4 campaign");
    }

    // ---- export and statistics ----

    @Test
    void exportsTheFilteredSetAsCsvAndJson() {
        HttpResponse<String> csv = GovernanceApi.require(api.get("/export?format=csv&class=service-account", admin()), 200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("identities-review-api.csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("id,username,clientId,class,classDerived,enabled,owner,ownerState,sponsor,sponsorState,purpose");
        assertThat(lines).hasSize(1 + api.usernames("?class=service-account&max=500", admin()).size());
        assertThat(lines).anyMatch(l -> l.contains(",service-account-svc-expired,svc-expired,service-account,false,true,olivia,ok,") && l.contains(",expired,"));

        List<Map<String, Object>> json = GovernanceApi.jsonArray(GovernanceApi.require(api.get("/export?format=json&status=orphaned", admin()), 200).body());
        assertThat(json).hasSize(1);
        assertThat(json.get(0)).containsEntry("username", "service-account-bot-orphan").containsEntry("status", "orphaned")
                .containsKeys("realmRoles", "clientRoles", "clientScopes", "credentials", "lastReview", "reasons", "owner", "purpose", "expiresAt");
    }

    @Test
    @SuppressWarnings("unchecked")
    void statisticsCountEachClass() {
        Map<String, Object> stats = api.getJson("/statistics", admin());
        assertThat(stats).containsEntry("realm", REALM).containsEntry("mode", "enforce").containsEntry("expiringWithinDays", 30);
        Map<String, Map<String, Integer>> classes = (Map<String, Map<String, Integer>>) stats.get("classes");
        assertThat(classes.get("ai-agent")).containsEntry("total", 1).containsEntry("ok", 1);
        assertThat(classes.get("bot").get("orphaned")).isEqualTo(1);
        assertThat(classes.get("service-account")).containsEntry("expired", 1).containsEntry("expiring", 1);
        assertThat(classes.get("human")).containsEntry("reviewOverdue", 1).containsEntry("reviewDue", 1);
        int sum = classes.values().stream().mapToInt(c -> c.get("total")).sum();
        assertThat(stats.get("total")).isEqualTo(sum);
        assertThat(sum).isEqualTo(api.usernames("?max=500", admin()).size());
    }

    // ---- authentication and permissions ----

    @Test
    void withoutAValidTokenEveryEndpointIs401() {
        String id = id("olivia");
        for (String path : List.of("/identities", "/identities/" + id, "/export", "/statistics")) {
            assertThat(api.get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(api.get(path, "not-a-token").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(api.post("/identities/" + id + "/review", null, null).statusCode()).isEqualTo(401);
        assertThat(api.post("/reviews", null, "{\"ids\":[\"" + id + "\"]}").statusCode()).isEqualTo(401);
    }

    @Test
    void anAdministratorWithoutRolesIsRefusedEverything() throws Exception {
        String token = token("nobody");
        String id = id("bulk-b");
        for (String path : List.of("/identities", "/identities/" + id, "/identities/no-such-id", "/export", "/statistics")) {
            assertThat(api.get(path, token).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(api.post("/identities/" + id + "/review", token, null).statusCode()).isEqualTo(403);
        assertThat(api.post("/reviews", token, "{\"ids\":[\"" + id + "\"]}").statusCode()).isEqualTo(403);
    }

    @Test
    void viewUsersMayReadButNotReview() throws Exception {
        String token = token("viewer");
        assertThat(api.usernames("?max=500", token)).containsExactlyElementsOf(api.usernames("?max=500", admin()));
        String id = saId("svc-ok");
        assertThat(api.getJson("/identities/" + id, token)).containsEntry("username", "service-account-svc-ok");
        assertThat(api.get("/statistics", token).statusCode()).isEqualTo(200);
        assertThat(api.get("/export?format=json", token).statusCode()).isEqualTo(200);
        assertThat(api.post("/identities/" + id + "/review", token, "{\"comment\":\"sneaky\"}").statusCode()).isEqualTo(403);
        assertThat(api.post("/reviews", token, "{\"ids\":[\"" + id + "\"]}").statusCode()).isEqualTo(403);
        assertThat(attributes(Principals.serviceAccount(realm, "svc-ok").toRepresentation())).doesNotContainKey("identity_last_reviewed_at");
    }

    @Test
    void queryUsersAloneListsNoIdentityItMayNotView() throws Exception {
        String token = token("querier");
        Map<String, Object> page = api.getJson("/identities", token);
        assertThat((List<?>) page.get("items")).isEmpty();
        assertThat(api.get("/identities/" + id("olivia"), token).statusCode()).isEqualTo(403);
        assertThat(api.get("/export", token).statusCode()).isEqualTo(403);
        assertThat(api.post("/identities/" + id("olivia") + "/review", token, null).statusCode()).isEqualTo(403);
    }

    @Test
    void aRealmManagerReviewsWithItsOwnName() throws Exception {
        String token = token("manager");
        Map<String, Object> result = api.postJson("/identities/" + saId("svc-expiring") + "/review", token, null);
        assertThat(result).containsEntry("reviewedBy", "manager").doesNotContainKey("comment"); // nulls are left out
        assertThat(Principals.serviceAccount(realm, "svc-expiring").toRepresentation().getAttributes())
                .containsEntry("identity_last_reviewed_by", List.of("manager"));
    }

    // ---- helpers ----

    private String admin() {
        return server.adminClient().tokenManager().getAccessTokenString();
    }

    private String token(String username) throws Exception {
        return new Grants(server.realmUrl(REALM)).password("app", username, Realms.PASSWORD).requireSuccess().accessToken().getValue();
    }

    private static Map<String, List<String>> attributes(UserRepresentation user) {
        return user.getAttributes() == null ? Map.of() : user.getAttributes();
    }

    private String id(String username) {
        return Principals.user(realm, username).toRepresentation().getId();
    }

    private String saId(String clientId) {
        return Principals.serviceAccount(realm, clientId).toRepresentation().getId();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> item(String query, String username) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) api.getJson("/identities" + query, admin()).get("items");
        return items.stream().filter(i -> username.equals(i.get("username"))).findFirst()
                .orElseThrow(() -> new AssertionError(username + " not in " + items));
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map(i -> (String) i.get("username")).toList();
    }

    private static String fieldOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return (String) GovernanceApi.json(response).get("field");
    }

    private Map<String, Object> awaitAuditRecord(Predicate<Map<String, Object>> match) {
        return new AuditFile(server, audit.file(), REALM).await(DELIVERY, "a matching audit record", match);
    }

    private static RealmRepresentation realm() {
        RealmRepresentation realm = Realms.governed(REALM, "enforce");
        realm.setAdminEventsEnabled(true);
        realm.setAdminEventsDetailsEnabled(true);
        RolesRepresentation roles = new RolesRepresentation();
        roles.setRealm(List.of(role("reporter")));
        roles.setClient(Map.of("app", List.of(role("reader"))));
        realm.setRoles(roles);
        List<UserRepresentation> users = realm.getUsers();
        users.add(Realms.human("owen", true));
        users.add(Realms.human("bulk-a", true));
        users.add(Realms.human("bulk-b", true));
        users.add(admin("viewer", "view-users"));
        users.add(admin("querier", "query-users"));
        users.add(admin("manager", "manage-users"));
        users.add(Realms.human("nobody", true));
        UserRepresentation due = Realms.principal("hugo-due", Map.of("identity_review_cadence_days", "30"));
        due.setCreatedTimestamp(Instant.now().minus(20, ChronoUnit.DAYS).toEpochMilli());
        users.add(due);
        UserRepresentation overdue = Realms.human("rex-overdue", true);
        overdue.setCreatedTimestamp(Instant.now().minus(400, ChronoUnit.DAYS).toEpochMilli());
        users.add(overdue);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        machine(realm, "svc-ok", "service-account", today.plusDays(60), Map.of());
        machine(realm, "svc-expiring", "service-account", today.plusDays(10), Map.of());
        machine(realm, "svc-expired", "service-account", today.minusDays(1), Map.of());
        machine(realm, "svc-reclass", "service-account", today.plusDays(60), Map.of());
        machine(realm, "bot-orphan", "bot", today.plusDays(60), Map.of("identity_owner", "owen"));
        UserRepresentation agent = machine(realm, "agent-one", "ai-agent", today.plusDays(60), Map.of("identity_autonomy", "recommend"));
        agent.setRealmRoles(List.of("reporter"));
        agent.setClientRoles(Map.of("app", List.of("reader")));
        return realm;
    }

    private static UserRepresentation machine(RealmRepresentation realm, String clientId, String identityClass, LocalDate expires,
                                              Map<String, String> extra) {
        realm.getClients().add(Realms.serviceClient(clientId, SECRET));
        Map<String, String> attributes = new LinkedHashMap<>(Realms.machine(identityClass));
        attributes.put("identity_expires_at", expires.toString());
        attributes.putAll(extra);
        UserRepresentation user = Realms.serviceAccountUser(clientId, attributes);
        realm.getUsers().add(user);
        return user;
    }

    private static UserRepresentation admin(String username, String role) {
        UserRepresentation user = Realms.human(username, true);
        user.setClientRoles(Map.of("realm-management", List.of(role)));
        return user;
    }

    private static RoleRepresentation role(String name) {
        RoleRepresentation role = new RoleRepresentation();
        role.setName(name);
        return role;
    }
}

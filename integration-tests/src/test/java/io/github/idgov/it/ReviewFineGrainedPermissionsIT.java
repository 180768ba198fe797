package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The review API under Keycloak 26's fine-grained admin permissions (v2, the realm's {@code adminPermissionsEnabled}):
 * an administrator holding only {@code query-users}, with a permission to view one person and to manage another,
 * lists and counts exactly the people it may view, reads no summary and reviews no one beyond its permissions, and
 * exports no campaign (that needs view on every user). The permissions are created through Keycloak's own admin API, as an administrator
 * sets them up in the console.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewFineGrainedPermissionsIT {

    private static final String REALM = "review-fgap";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakServer server;
    private RealmResource realm;
    private GovernanceApi api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void setUp(KeycloakServer server) throws Exception {
        this.server = server;
        RealmRepresentation rep = Realms.governed(REALM, "monitor");
        List<UserRepresentation> users = new ArrayList<>(rep.getUsers());
        users.add(Realms.human("viewed", true));
        users.add(Realms.human("managed", true));
        users.add(Realms.human("hidden", true));
        users.add(Realms.human("marta", true)); // found by the same search as "managed", and hidden from the delegate
        UserRepresentation delegate = Realms.human("delegate", true);
        delegate.setClientRoles(Map.of("realm-management", List.of("query-users")));
        users.add(delegate);
        rep.setUsers(users);
        realm = Realms.create(server, rep);
        api = new GovernanceApi(server.baseUrl(), REALM);

        adminPut("", Map.of("adminPermissionsEnabled", true));
        String permissionsClient = id(adminGet("/clients?clientId=admin-permissions"));
        String authz = "/clients/" + permissionsClient + "/authz/resource-server";
        adminPost(authz + "/policy/user", Map.of("name", "the delegate", "users", List.of(userId("delegate")), "logic", "POSITIVE"));
        adminPost(authz + "/permission/scope", Map.of("name", "delegate views viewed", "resourceType", "Users",
                "resources", List.of(userId("viewed")), "scopes", List.of("view"), "policies", List.of("the delegate")));
        adminPost(authz + "/permission/scope", Map.of("name", "delegate manages managed", "resourceType", "Users",
                "resources", List.of(userId("managed")), "scopes", List.of("view", "manage"), "policies", List.of("the delegate")));
    }

    @Test
    void keycloaksOwnUserListIsTheReference() throws Exception {
        // the fine-grained permissions are in force: Keycloak's own API shows the delegate exactly these two people
        HttpResponse<String> users = http.send(HttpRequest.newBuilder(URI.create(adminBase() + "/users?max=100"))
                .header("Authorization", "Bearer " + token()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
        assertThat(GovernanceApi.jsonArray(users.body())).extracting(u -> u.get("username"))
                .containsExactlyInAnyOrder("viewed", "managed");
    }

    @Test
    void theListAndTheStatisticsHoldExactlyThePeopleTheDelegateMayView() throws Exception {
        String token = token();
        assertThat(api.usernames("?max=100", token)).containsExactlyInAnyOrder("managed", "viewed");
        assertThat(api.usernames("?max=100&search=ma", token)).containsExactly("managed");
        assertThat(api.usernames("?max=100&sort=status", token)).containsExactlyInAnyOrder("managed", "viewed");
        assertThat(api.usernames("?max=1", token)).hasSize(1);
        assertThat(api.getJson("/statistics", token)).containsEntry("total", 2);
    }

    @Test
    void theCampaignExportNeedsViewOnEveryUser() throws Exception {
        // an access-review campaign covers the realm: a delegate with per-user permissions exports nothing
        assertThat(api.get("/export?format=json", token()).statusCode()).isEqualTo(403);
        assertThat(api.get("/export?format=csv", token()).statusCode()).isEqualTo(403);
    }

    @Test
    void summariesOnlyOfPeopleTheDelegateMayView() throws Exception {
        String token = token();
        assertThat(api.getJson("/identities/" + userId("viewed"), token)).containsEntry("username", "viewed");
        assertThat(api.get("/identities/" + userId("hidden"), token).statusCode()).isEqualTo(403);
        assertThat(api.get("/identities/" + userId("olivia"), token).statusCode()).isEqualTo(403);
    }

    @Test
    void reviewsOnlyOfPeopleTheDelegateMayManageAndABulkReviewIsAllOrNothing() throws Exception {
        String token = token();
        assertThat(api.post("/identities/" + userId("viewed") + "/review", token, null).statusCode()).isEqualTo(403);
        assertThat(api.post("/identities/" + userId("hidden") + "/review", token, null).statusCode()).isEqualTo(403);
        assertThat(api.post("/reviews", token, "{\"ids\":[\"" + userId("managed") + "\",\"" + userId("hidden") + "\"]}").statusCode())
                .isEqualTo(403);
        assertThat(attributes("managed")).doesNotContainKey("identity_last_reviewed_at");
        assertThat(api.postJson("/identities/" + userId("managed") + "/review", token, "{\"comment\":\"delegated review\"}"))
                .containsEntry("reviewedBy", "delegate");
        assertThat(attributes("managed")).containsEntry("identity_last_reviewed_by", List.of("delegate"));
        assertThat(attributes("hidden")).doesNotContainKey("identity_last_reviewed_at");
    }

    // ---- helpers ----

    private String token() throws Exception {
        return new Grants(server.realmUrl(REALM)).password("app", "delegate", Realms.PASSWORD).requireSuccess().accessToken().getValue();
    }

    private Map<String, List<String>> attributes(String username) {
        Map<String, List<String>> attributes = Principals.user(realm, username).toRepresentation().getAttributes();
        return attributes == null ? Map.of() : attributes;
    }

    private String userId(String username) {
        return Principals.user(realm, username).toRepresentation().getId();
    }

    private String adminBase() {
        return server.baseUrl() + "/admin/realms/" + REALM;
    }

    private String adminGet(String path) throws Exception {
        return adminSend(HttpRequest.newBuilder(URI.create(adminBase() + path)).GET(), 200);
    }

    private void adminPut(String path, Map<String, Object> body) throws Exception {
        adminSend(HttpRequest.newBuilder(URI.create(adminBase() + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), 204);
    }

    private void adminPost(String path, Map<String, Object> body) throws Exception {
        adminSend(HttpRequest.newBuilder(URI.create(adminBase() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), 201);
    }

    private String adminSend(HttpRequest.Builder request, int expected) throws Exception {
        String token = server.adminClient().tokenManager().getAccessTokenString();
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", request.build().uri(), response.body()).isEqualTo(expected);
        return response.body();
    }

    private static String id(String clientsJson) {
        List<Map<String, Object>> clients = GovernanceApi.jsonArray(clientsJson);
        assertThat(clients).as("the admin-permissions client of a realm with admin permissions enabled").hasSize(1);
        return (String) clients.get(0).get("id");
    }
}

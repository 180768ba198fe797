package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.Ports;
import io.github.idgov.it.support.AuditReceiver;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.Realms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Dead letters against the real server: a sink that refuses for good (4xx) dead-letters at once, one that stays down
 * (5xx) after {@code max-attempts}; the admin API lists them with their last error and the record, and replays them
 * once the sink is back (delivered, gone from the list, an admin event). Permissions and bad input are checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditDeadLetterIT {

    private static final String REALM = "dead-letters";
    private static final String SECRET = "dead-letter-http-secret-1";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private KeycloakDistribution distribution;
    private KeycloakServer server;
    private AuditReceiver receiver;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        int port = Ports.free();
        receiver = new AuditReceiver(port, "/audit", SECRET, 0);
        String prefix = "--spi-events-listener--idgov-audit--";
        distribution = KeycloakDistribution.fromSystemProperties("keycloak-dead-letters").database(Database.devFile()).freshData(true)
                .startTimeout(Duration.ofMinutes(10))
                .startOptions(prefix + "sinks=http", prefix + "http-url=http://127.0.0.1:" + port + "/audit", prefix + "http-secret=" + SECRET,
                        prefix + "max-attempts=3", prefix + "max-backoff-ms=100", prefix + "poll-interval-ms=200");
        distribution.install();
        server = distribution.start();
        RealmRepresentation realm = Realms.governed(REALM, "enforce");
        realm.setAdminEventsEnabled(true);
        realm.getUsers().add(withRealmRole(Realms.human("auditor", true), "view-events"));
        realm.getUsers().add(withRealmRole(Realms.human("operator", true), "manage-events"));
        Realms.create(server, realm);
    }

    @AfterAll
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (distribution != null) {
            distribution.stop();
        }
    }

    @Test
    void deadLettersAreListedAndReplayedOnceTheSinkIsBack() throws Exception {
        // a sink that is down: retried, then dead after 3 attempts
        receiver.answer(503);
        failedLogin("olivia");
        server.waitFor(WAIT, () -> items(list("")).stream().anyMatch(i -> ((Number) i.get("attempts")).intValue() == 3),
                "a dead letter after 3 attempts");
        Map<String, Object> down = items(list("")).get(0);
        assertThat(down).containsEntry("sink", "http").containsEntry("attempts", 3);
        assertThat((String) down.get("lastError")).contains("503");
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) down.get("record");
        assertThat(record).containsEntry("realm", REALM).containsEntry("id", down.get("recordId"));

        // a sink that refuses for good: dead at the first attempt
        receiver.answer(400);
        int before = items(list("?max=500")).size();
        failedLogin("dora");
        server.waitFor(WAIT, () -> items(list("?max=500")).size() > before, "a dead letter refused with 400");
        assertThat(items(list("?max=500"))).anyMatch(i -> ((Number) i.get("attempts")).intValue() == 1
                && ((String) i.get("lastError")).contains("400"));

        // the auditor sees them, cannot replay; the operator replays one, then the rest
        assertThat(send("GET", "/dead-letters", token("auditor"), null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/dead-letters/replay", token("auditor"), "{}").statusCode()).isEqualTo(403);
        receiver.answer(0);
        String first = (String) down.get("id");
        String firstRecord = (String) down.get("recordId");
        Map<String, Object> one = GovernanceApi.json(require(send("POST", "/dead-letters/replay", token("operator"),
                "{\"ids\":[\"" + first + "\"]}"), 200));
        assertThat(one).containsEntry("replayed", 1);
        server.waitFor(WAIT, () -> receiver.accepted().contains(firstRecord), "the replayed record at the sink");
        assertThat(items(list("?max=500"))).noneMatch(i -> first.equals(i.get("id")));

        int rest = items(list("?max=500")).size();
        assertThat(rest).isPositive();
        Map<String, Object> all = GovernanceApi.json(require(send("POST", "/dead-letters/replay", admin(), "{\"sink\":\"http\"}"), 200));
        assertThat(all).containsEntry("replayed", rest).containsEntry("sink", "http");
        server.waitFor(WAIT, () -> items(list("?max=500")).isEmpty(), "no dead letter left");
        assertThat(server.adminClient().realm(REALM).getAdminEvents()).anyMatch(e -> "idgov-audit/dead-letters/replay".equals(e.getResourcePath()));
    }

    @Test
    void withoutRightsOrWithBadInputTheApiRefuses() throws Exception {
        assertThat(send("GET", "/dead-letters", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/dead-letters", token("olivia"), null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/dead-letters/replay", token("olivia"), "{}").statusCode()).isEqualTo(403);
        assertField(send("GET", "/dead-letters?max=0", admin(), null), "max");
        assertField(send("GET", "/dead-letters?sink=kafka", admin(), null), "sink");
        assertField(send("POST", "/dead-letters/replay", admin(), "{\"ids\":\"x\"}"), "ids");
        assertField(send("POST", "/dead-letters/replay", admin(), "{\"ids\":[\"no-such-dead-letter\"]}"), "ids");
        assertField(send("POST", "/dead-letters/replay", admin(), "{\"sink\":\"kafka\"}"), "sink");
        assertField(send("POST", "/dead-letters/replay", admin(), "[1]"), "body");
    }

    // ---- helpers ----

    private void failedLogin(String username) throws Exception {
        Grants.Result result = new Grants(server.realmUrl(REALM)).password("app", username, "wrong-password");
        assertThat(result.refused()).as(result.describe()).isTrue();
    }

    private Map<String, Object> list(String query) {
        return GovernanceApi.json(require(send("GET", "/dead-letters" + query, admin(), null), 200));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms/" + REALM + "/idgov-audit" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> require(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static void assertField(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(GovernanceApi.json(response)).containsEntry("field", field);
    }

    private String admin() {
        return server.adminClient().tokenManager().getAccessTokenString();
    }

    private String token(String username) throws Exception {
        return new Grants(server.realmUrl(REALM)).password("app", username, Realms.PASSWORD).requireSuccess().accessToken().getValue();
    }

    private static UserRepresentation withRealmRole(UserRepresentation user, String role) {
        user.setClientRoles(Map.of("realm-management", List.of(role)));
        return user;
    }
}

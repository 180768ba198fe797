package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.Realms;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The review API on a large realm (not part of the default run: {@code -Didgov.review.scale.users=100000}): seeds
 * the users through partial import (1 % bots, 0.1 % of them expired), then times list pages, a summary, statistics
 * and the CSV export of every row, and checks the answers are right. Latencies are printed, not asserted (the
 * machine is shared).
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewApiScaleIT {

    private static final String REALM = "review-scale";
    private static final String PROPERTY = "idgov.review.scale.users";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakServer server;
    private GovernanceApi api;
    private int users;

    @BeforeAll
    void seed(KeycloakServer server) throws Exception {
        String configured = System.getProperty(PROPERTY);
        if (configured == null) {
            System.out.println("SKIPPED ReviewApiScaleIT: set -D" + PROPERTY + "=100000 to seed a large realm and measure the review API");
        }
        Assumptions.assumeTrue(configured != null, PROPERTY + " not set");
        this.server = server;
        users = Integer.parseInt(configured);
        Realms.create(server, Realms.governed(REALM, "enforce"));
        api = new GovernanceApi(server.baseUrl(), REALM);
        String expired = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        String later = LocalDate.now(ZoneOffset.UTC).plusDays(90).toString();
        long start = System.nanoTime();
        var http = java.net.http.HttpClient.newHttpClient();
        for (int from = 0; from < users; from += 1000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(users, from + 1000); i++) {
                Map<String, Object> user = new LinkedHashMap<>();
                user.put("username", String.format("u%07d", i));
                user.put("enabled", true);
                if (i % 100 == 7) {
                    user.put("attributes", Map.of("identity_class", List.of("bot"), "identity_owner", List.of("olivia"),
                            "identity_purpose", List.of("scale test"), "identity_expires_at", List.of(i % 1000 == 7 ? expired : later)));
                }
                batch.add(user);
            }
            String body = JSON.writeValueAsString(Map.of("ifResourceExists", "SKIP", "users", batch));
            HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.baseUrl() + "/admin/realms/" + REALM + "/partialImport"))
                    .header("Authorization", "Bearer " + admin()).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            GovernanceApi.require(response, 200);
        }
        System.out.printf("[scale] seeded %d users in %.1f s%n", users, (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        server.waitFor(java.time.Duration.ofMinutes(30), () -> "index".equals(api.getJson("/statistics", admin()).get("source")),
                "the review index of " + REALM);
        System.out.printf("[scale] review index ready %.1f s after the import%n", (System.nanoTime() - start) / 1e9);
    }

    @Test
    @SuppressWarnings("unchecked")
    void timesTheReviewApi() {
        // the whole-realm reads are timed once each; statistics checks the expired count below
        int total = users + 2; // olivia and dora
        measure("list, first page of 50", "/identities?max=50", 20);
        measure("list, page of 50 at the middle", "/identities?max=50&first=" + users / 2, 20);
        measure("list, class=bot (pushed into the query), page of 50", "/identities?class=bot&max=50", 20);
        measure("list, status=expired (review index), page of 50", "/identities?status=expired&max=50", 20);
        measure("list, status=ok (review index), middle page of 50", "/identities?status=ok&max=50&first=" + users / 2, 20);
        measure("list, sort=expiresAt desc (review index), page of 50", "/identities?sort=expiresAt&order=desc&max=50", 20);
        measure("list, sort=status (review index), page of 50", "/identities?sort=status&max=50", 20);
        measure("list, status=expired with a text search (walks the realm)", "/identities?status=expired&search=u*&max=50", 1);
        assertThat(api.usernames("?status=expired&max=500", admin())).hasSize(users / 1000)
                .allMatch(name -> Integer.parseInt(name.substring(1)) % 1000 == 7);
        assertThat(api.usernames("?max=50&first=" + users / 2, admin())).first().isEqualTo(String.format("u%07d", users / 2 - 2));
        String id = (String) ((List<Map<String, Object>>) api.getJson("/identities?search=u0000007", admin()).get("items")).get(0).get("id");
        measure("summary of one identity", "/identities/" + id, 20);
        measure("statistics (review index)", "/statistics", 20);
        long start = System.nanoTime();
        Map<String, Object> stats = api.getJson("/statistics", admin());
        assertThat(stats).containsEntry("total", total);
        assertThat(((Map<String, Map<String, Integer>>) stats.get("classes")).get("bot")).containsEntry("total", users / 100)
                .containsEntry("expired", users / 1000);
        start = System.nanoTime();
        HttpResponse<String> csv = GovernanceApi.require(api.get("/export?format=csv", admin()), 200);
        System.out.printf("[scale] export CSV of %d rows (%d MB): %d ms%n", csv.body().lines().count() - 1,
                csv.body().length() / 1_000_000, (System.nanoTime() - start) / 1_000_000);
        assertThat(csv.body().lines().count()).isEqualTo(total + 1L);
    }

    private void measure(String what, String path, int times) {
        long[] millis = new long[times];
        for (int i = 0; i < times; i++) {
            String token = admin();
            long start = System.nanoTime();
            GovernanceApi.require(api.get(path, token), 200);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        java.util.Arrays.sort(millis);
        System.out.printf("[scale] %s: p50 %d ms, p95 %d ms, max %d ms (%d requests)%n", what, millis[times / 2],
                millis[Math.min(times - 1, (int) Math.ceil(times * 0.95) - 1)], millis[times - 1], times);
    }

    private String admin() {
        return server.adminClient().tokenManager().getAccessTokenString();
    }
}

package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.Ports;
import io.github.idgov.it.support.AuditReceiver;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.TokenEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Two Keycloak nodes with the pack, clustered over loopback (JDBC_PING through the shared PostgreSQL): a change
 * (a disable, a review) made through one node holds on the other within seconds, both nodes drain the one outbox without delivering a
 * record twice, the lifecycle sweep runs once per interval cluster-wide, a bot's command limit is one count across
 * both nodes, and a node killed mid-load loses no committed audit record (the other node delivers it).
 */
class ClusterIT {

    private static final String REALM = "cluster";
    private static final String SECRET = "cluster-svc-secret-1";
    private static final String HTTP_SECRET = "cluster-http-secret-5b2e";
    private static final int SWEEP_SECONDS = 3;
    private static final int LIMIT_WINDOW_SECONDS = 10;
    private static final int BOT_LIMIT = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** When a sweep starts: the lease spaces starts (not ends, which move with each run's work) one interval apart. */
    /** The lease's claim time: a node's log line of the sweep itself may come a moment later on a busy machine. */
    private static final Pattern SWEEP_LINE = Pattern.compile("Lease of \\S*sweep\\S* claimed at (\\S+) ", Pattern.MULTILINE);

    @Test
    void twoNodesActAsOne() throws Exception {
        assumeTrue(Database.postgresReachable(), "PostgreSQL does not answer on 127.0.0.1:5432: the cluster shares it; .ci/run provides one");
        Database database = Database.createPostgres();
        int receiverPort = Ports.free();
        try (AuditReceiver receiver = new AuditReceiver(receiverPort, "/audit", HTTP_SECRET, 0)) {
            KeycloakDistribution a = node("keycloak-node-a", database, receiverPort);
            KeycloakDistribution b = node("keycloak-node-b", database, receiverPort);
            try {
                run(a, b, receiver);
            } finally {
                a.stop();
                b.stop();
            }
        } finally {
            database.drop();
        }
    }

    private void run(KeycloakDistribution a, KeycloakDistribution b, AuditReceiver receiver) throws Exception {
        KeycloakServer nodeA = a.start();
        KeycloakServer nodeB = b.start();
        RealmRepresentation realm = Realms.governed(REALM, "enforce");
        realm.getClients().add(Realms.serviceClient("svc", SECRET));
        realm.getUsers().add(Realms.serviceAccountUser("svc", Realms.machine("service-account")));
        realm.getClients().add(Realms.serviceClient("bot", SECRET));
        Map<String, String> bot = new HashMap<>(Realms.machine("bot"));
        bot.put("identity_rate_limit_tokens_per_minute", String.valueOf(BOT_LIMIT));
        realm.getUsers().add(Realms.serviceAccountUser("bot", bot));
        nodeA.importRealm(realm);
        OidcClient viaA = new OidcClient(nodeA.realmUrl(REALM));
        OidcClient viaB = new OidcClient(nodeB.realmUrl(REALM));

        // a disable through A is a refusal on B within 5 s
        assertThat(viaB.clientCredentials(OidcClient.secret("svc", SECRET)).error()).isNull();
        UserResource account = nodeA.adminClient().realm(REALM).users()
                .get(nodeA.adminClient().realm(REALM).users().searchByUsername("service-account-svc", true).get(0).getId());
        UserRepresentation rep = account.toRepresentation();
        rep.setEnabled(false);
        account.update(rep);
        nodeB.waitFor(Duration.ofSeconds(5), () -> {
            try {
                return viaB.clientCredentials(OidcClient.secret("svc", SECRET)).error() != null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "node B refusing the service account disabled through node A");

        // a review made through A is what B's review API shows
        String oliviaId = nodeA.adminClient().realm(REALM).users().searchByUsername("olivia", true).get(0).getId();
        GovernanceApi apiA = new GovernanceApi(nodeA.baseUrl(), REALM);
        GovernanceApi apiB = new GovernanceApi(nodeB.baseUrl(), REALM);
        apiA.postJson("/identities/" + oliviaId + "/review", nodeA.adminClient().tokenManager().getAccessTokenString(),
                "{\"comment\":\"reviewed on node A\"}");
        nodeB.waitFor(Duration.ofSeconds(5), () -> "reviewed on node A".equals(lastReview(apiB, oliviaId, nodeB).get("comment")),
                "node B's summary showing the review made on node A");

        commandLimitIsOneCountAcrossNodes(nodeA, nodeB);

        // both nodes drain the one outbox: every login delivered, none twice
        Set<String> sessions = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            sessions.add((i % 2 == 0 ? viaA : viaB).password("app", "olivia", Realms.PASSWORD).requireSuccess()
                    .accessClaims().getStringClaim("sid"));
        }
        nodeA.waitFor(Duration.ofSeconds(60), () -> loginSessions(receiver).keySet().containsAll(sessions), "10 logins delivered");
        Map<String, Integer> deliveries = deliveriesById(receiver);
        assertThat(deliveries.values()).as("deliveries per record id").allMatch(count -> count == 1);

        // the sweep runs on one node per interval
        TimeUnit.SECONDS.sleep(4L * SWEEP_SECONDS); // several intervals must pass to count them: nothing to poll for
        List<java.time.Instant> sweeps = new ArrayList<>(sweepTimes(nodeA));
        sweeps.addAll(sweepTimes(nodeB));
        sweeps.sort(null);
        assertThat(sweeps).as("sweeps of the realm on both nodes").hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < sweeps.size(); i++) {
            assertThat(Duration.between(sweeps.get(i - 1), sweeps.get(i))).as("gap between sweeps %d and %d", i - 1, i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(SWEEP_SECONDS * 1000L - 500));
        }

        // node A killed mid-load: node B delivers every login A acknowledged
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger succeeded = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 80; i++) {
            load.execute(() -> {
                try {
                    var tokens = viaA.password("app", "olivia", Realms.PASSWORD);
                    if (tokens.error() == null) {
                        acknowledged.add(tokens.accessClaims().getStringClaim("sid"));
                        succeeded.incrementAndGet();
                    }
                } catch (Exception nodeGone) {
                    // expected once node A is killed
                }
            });
        }
        nodeA.waitFor(Duration.ofSeconds(120), () -> succeeded.get() >= 20, "20 logins on node A before the kill");
        a.kill();
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        nodeB.waitFor(Duration.ofSeconds(120), () -> loginSessions(receiver).keySet().containsAll(acknowledged),
                "every login node A acknowledged (" + acknowledged.size() + ") delivered by node B");
    }

    /**
     * Requests alternated between the nodes are counted together (the counter is in the replicated work cache): the
     * bot gets exactly its limit in one window, whichever node answers, and both nodes refuse the rest; the next
     * window starts from zero on both.
     */
    private static void commandLimitIsOneCountAcrossNodes(KeycloakServer nodeA, KeycloakServer nodeB) throws Exception {
        TokenEndpoint viaA = new TokenEndpoint(nodeA.realmUrl(REALM));
        TokenEndpoint viaB = new TokenEndpoint(nodeB.realmUrl(REALM));
        long windowMillis = LIMIT_WINDOW_SECONDS * 1000L;
        nodeA.waitFor(Duration.ofSeconds(LIMIT_WINDOW_SECONDS + 1),
                () -> windowMillis - System.currentTimeMillis() % windowMillis >= 6_000, "6 s left in the limit window");
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 2 * BOT_LIMIT; i++) {
            TokenEndpoint.Answer answer = botToken(i % 2 == 0 ? viaA : viaB);
            outcomes.add(answer.ok() ? "ok" : answer.error());
        }
        String refused = "temporarily_unavailable";
        assertThat(outcomes).as("alternating A, B, A, ...")
                .containsExactly("ok", "ok", "ok", "ok", "ok", "ok", refused, refused, refused, refused, refused, refused);
        nodeB.waitFor(Duration.ofSeconds(LIMIT_WINDOW_SECONDS + 5), () -> {
            try {
                return botToken(viaB).ok();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "node B admitting the bot in the next window");
        assertThat(botToken(viaA).ok()).as("node A shares the new window's count").isTrue();
    }

    private static TokenEndpoint.Answer botToken(TokenEndpoint endpoint) throws Exception {
        return endpoint.post(OidcClient.secret("bot", SECRET), Map.of("grant_type", List.of("client_credentials")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastReview(GovernanceApi api, String id, KeycloakServer node) {
        Object review = api.getJson("/identities/" + id, node.adminClient().tokenManager().getAccessTokenString()).get("lastReview");
        return review instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static KeycloakDistribution node(String name, Database database, int receiverPort) throws Exception {
        KeycloakDistribution node = KeycloakDistribution.fromSystemProperties(name).database(database).freshData(true)
                .clustered(true)
                .startOptions("--spi-events-listener--idgov-audit--sinks=http",
                        "--spi-events-listener--idgov-audit--http-url=http://127.0.0.1:" + receiverPort + "/audit",
                        "--spi-events-listener--idgov-audit--http-secret=" + HTTP_SECRET,
                        "--spi-events-listener--idgov-audit--poll-interval-ms=300",
                        "--spi-events-listener--idgov-lifecycle--sweep-interval-seconds=" + SWEEP_SECONDS,
                        "--spi-client-policy-executor--idgov-command-limit--token-window-seconds=" + LIMIT_WINDOW_SECONDS);
        node.install();
        return node;
    }

    /** LOGIN records by session id, counted. */
    private static Map<String, Integer> loginSessions(AuditReceiver receiver) {
        Map<String, Integer> sessions = new HashMap<>();
        for (JsonNode record : records(receiver)) {
            if ("LOGIN".equals(record.path("type").asText()) && REALM.equals(record.path("realm").asText())) {
                sessions.merge(record.path("session").asText(), 1, Integer::sum);
            }
        }
        return sessions;
    }

    private static Map<String, Integer> deliveriesById(AuditReceiver receiver) {
        Map<String, Integer> ids = new HashMap<>();
        records(receiver).forEach(record -> ids.merge(record.path("id").asText(), 1, Integer::sum));
        return ids;
    }

    private static List<JsonNode> records(AuditReceiver receiver) {
        List<JsonNode> records = new ArrayList<>();
        for (String body : receiver.accepted().split("\n")) {
            if (body.isBlank()) {
                continue;
            }
            try {
                JSON.readTree(body).forEach(records::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return records;
    }

    private List<java.time.Instant> sweepTimes(KeycloakServer node) throws IOException {
        List<java.time.Instant> times = new ArrayList<>();
        Matcher matcher = SWEEP_LINE.matcher(Files.readString(node.logFile()));
        while (matcher.find()) {
            times.add(java.time.Instant.parse(matcher.group(1)));
        }
        return times;
    }
}

package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.HeapSampler;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.ScaleRealm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The review API and the lifecycle sweep on a large realm (not part of the default run:
 * {@code -Didgov.review.scale.users=100000}). Its own server (H2 file, heap limited to {@value #HEAP}) imports the
 * realm written by {@link ScaleRealm} at start-up ({@code --import-realm}); the realm is then switched off and on
 * again so the review index is built over every identity as in production. It times list pages, a summary,
 * statistics and the CSV export of every row (sampling Keycloak's heap from the management {@code /metrics}), then
 * restarts the server with a short sweep interval and times two sweeps. Latencies are printed, not asserted (the
 * machine is shared); the answers are checked against the seed. With {@code -Didgov.review.scale.reuse=true} it skips the
 * seeding and measures the realm the previous run left (same user count).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReviewApiScaleIT {

    private static final String REALM = "review-scale";
    private static final String PROPERTY = "idgov.review.scale.users";
    private static final String HEAP = "2g";
    /** Set (with the same user count) to measure again on the realm a previous run left in the server's H2 files. */
    private static final String REUSE = "idgov.review.scale.reuse";
    private static final String DIST = "keycloak-scale";
    private static final String SWEEP_OFF = "--spi-events-listener--idgov-lifecycle--sweep-interval-seconds=0";
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3})");

    private KeycloakServer server;
    private GovernanceApi api;
    private ScaleRealm seed;
    private int users;

    @BeforeAll
    void seed() throws Exception {
        String configured = System.getProperty(PROPERTY);
        if (configured == null) {
            System.out.println("SKIPPED ReviewApiScaleIT: set -D" + PROPERTY + "=100000 to seed a large realm and measure the review API and the sweep");
        }
        Assumptions.assumeTrue(configured != null, PROPERTY + " not set");
        users = Integer.parseInt(configured);
        seed = new ScaleRealm(REALM, users, Instant.now());
        if (Boolean.getBoolean(REUSE)) {
            KeycloakDistribution reused = distribution().startOptions(SWEEP_OFF);
            reused.install();
            server = reused.start();
            api = new GovernanceApi(server.baseUrl(), REALM);
            awaitIndex();
            disableOwners();
            return;
        }
        KeycloakDistribution distribution = distribution().freshData(true).startOptions("--import-realm",
                SWEEP_OFF);
        distribution.install();
        var importDir = distribution.home().resolve("data/import");
        deleteImportFiles(distribution);
        long start = System.nanoTime();
        seed.write(importDir);
        System.out.printf("[scale] wrote the realm files of %d identities in %.1f s%n", seed.total(), (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        server = distribution.start();
        System.out.printf("[scale] server started with the realm imported (%d identities) in %.1f s%n", seed.total(),
                (System.nanoTime() - start) / 1e9);
        deleteImportFiles(distribution);
        api = new GovernanceApi(server.baseUrl(), REALM);
        // imported ungoverned (see ScaleRealm), now switched on: the index is built over every user, as for any existing realm
        switchMode("enforce");
        start = System.nanoTime();
        awaitIndex();
        System.out.printf("[scale] review index built %.1f s after switching the realm on%n", (System.nanoTime() - start) / 1e9);
        disableOwners();
    }

    /** Polls the realm's ready marker (cheap), not the API: until the index is ready every statistics call walks the realm. */
    private void awaitIndex() {
        var realm = server.adminClient().realm(REALM);
        server.waitFor(Duration.ofMinutes(60), () -> realm.toRepresentation().getAttributes().containsKey("idgov.identity-index"),
                "the review index of " + REALM);
        assertThat(api.getJson("/statistics", admin())).containsEntry("source", "index");
    }

    private void disableOwners() {
        long start;
        // owners leave: their machines are orphaned (flagged by the cascade, and in the index with the owners' rows)
        var realm = server.adminClient().realm(REALM);
        for (int o = 0; o < ScaleRealm.DISABLED_OWNERS; o++) {
            start = System.nanoTime();
            Principals.setEnabled(Principals.user(realm, ScaleRealm.owner(o)), false);
            System.out.printf("[scale] owner %s disabled (cascade over the identities naming them) in %d ms%n", ScaleRealm.owner(o),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void timesTheReviewApi() throws Exception {
        measure("list, first page of 50", "/identities?max=50", 40);
        measure("list, page of 50 at the middle", "/identities?max=50&first=" + users / 2, 40);
        measure("list, class=bot, page of 50", "/identities?class=bot&max=50", 40);
        measure("list, status=expired, page of 50", "/identities?status=expired&max=50", 40);
        measure("list, status=ok, middle page of 50", "/identities?status=ok&max=50&first=" + users / 4, 40);
        measure("list, status=orphaned, page of 50", "/identities?status=orphaned&max=50", 40);
        measure("list, status=stale, page of 50", "/identities?status=stale&max=50", 40);
        measure("list, sort=expiresAt desc, page of 50", "/identities?sort=expiresAt&order=desc&max=50", 40);
        measure("list, sort=status, page of 50", "/identities?sort=status&max=50", 40);
        measure("list, sort=status desc, middle page of 50", "/identities?sort=status&order=desc&max=50&first=" + users / 2, 40);
        // the same deep pages by cursor: the next cursor of the page before them, then the page after it
        for (String order : List.of("", "&sort=status&order=desc", "&sort=expiresAt&order=desc", "&sort=reviewDueAt",
                "&sort=lastReviewedAt&order=desc", "&sort=createdAt")) {
            String before = "/identities?max=50" + order + "&first=" + (users / 2 - 50);
            String cursor = (String) api.getJson(before, admin()).get("next");
            assertThat(cursor).as(before).isNotBlank();
            String after = "/identities?max=50" + order + "&after=" + cursor;
            assertThat(api.usernames(after.substring("/identities".length()), admin()))
                    .containsExactlyElementsOf(api.usernames("?max=50" + order + "&first=" + users / 2, admin()));
            measure("list" + order + ", page of 50 at the middle by position", "/identities?max=50" + order + "&first=" + users / 2, 40);
            measure("list" + order + ", page of 50 at the middle by cursor (after)", after, 40);
            // 40 consecutive pages from the middle, each asked once (no repeated statement the database could answer from a cache)
            walk("list" + order + ", 40 consecutive pages of 50 from the middle by position", "/identities?max=50" + order, null);
            walk("list" + order + ", 40 consecutive pages of 50 from the middle by cursor (after)", "/identities?max=50" + order, cursor);
        }
        String id = (String) ((List<Map<String, Object>>) api.getJson("/identities?search=u0000095", admin()).get("items")).get(0).get("id");
        measure("summary of one identity (a bot)", "/identities/" + id, 40);
        measure("statistics", "/statistics", 20);

        Map<String, Object> stats = api.getJson("/statistics", admin());
        assertThat(stats).containsEntry("source", "index").containsEntry("total", seed.total());
        Map<String, Map<String, Integer>> classes = (Map<String, Map<String, Integer>>) stats.get("classes");
        seed.totals().forEach((identityClass, total) -> assertThat(classes.get(identityClass)).containsEntry("total", total));
        seed.expired().forEach((identityClass, expired) -> assertThat(classes.get(identityClass)).containsEntry("expired", expired));
        assertThat(classes.values().stream().mapToInt(counts -> counts.get("orphaned")).sum()).isEqualTo(seed.orphaned());
        assertThat(api.usernames("?max=50&first=" + users / 2, admin())).isNotEmpty();
        assertThat(api.usernames("?status=orphaned&max=500", admin())).isNotEmpty()
                .allMatch(name -> name.startsWith("u") || name.startsWith("service-account-u"));
    }

    @Test
    @Order(2)
    void exportsEveryRowInConstantMemory() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms/" + REALM + "/identity-governance/export?format=csv"))
                .timeout(Duration.ofMinutes(60)).header("Authorization", "Bearer " + admin()).GET().build();
        long start = System.nanoTime();
        long lines;
        long firstByte;
        try (HeapSampler heap = HeapSampler.start(server.managementUrl())) {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            firstByte = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.statusCode()).isEqualTo(200);
            try (var body = response.body()) {
                lines = body.count();
            }
            System.out.printf("[scale] export CSV of %d rows: %.1f s (headers after %d ms); %s%n", lines - 1,
                    (System.nanoTime() - start) / 1e9, firstByte, heap.report());
        }
        assertThat(lines).isEqualTo(seed.total() + 1L);
    }

    @Test
    @Order(3)
    void timesTheSweep() throws Exception {
        server.close();
        KeycloakDistribution distribution = distribution().startOptions("--spi-events-listener--idgov-lifecycle--sweep-interval-seconds=5");
        server = distribution.start();
        String realmId = server.adminClient().realm(REALM).toRepresentation().getId();
        String done = "Lifecycle sweep of realm " + realmId + ":";
        SweepLog log = new SweepLog(server.logFile(), done);
        try (HeapSampler heap = HeapSampler.start(server.managementUrl())) {
            server.waitFor(Duration.ofMinutes(60), () -> log.runs().size() >= 1, "the first sweep of " + REALM);
            System.out.printf("[scale] sweep 1: %s; %s%n", log.runs().get(0), heap.report());
        }
        try (HeapSampler heap = HeapSampler.start(server.managementUrl())) {
            server.waitFor(Duration.ofMinutes(60), () -> log.runs().size() >= 2, "the second sweep of " + REALM);
            System.out.printf("[scale] sweep 2: %s; %s%n", log.runs().get(1), heap.report());
            assertThat(log.runs().get(1)).contains(seed.total() + " identities, 0 changes");
        }
    }

    /**
     * Follows the server log for sweep runs, reading only what was appended since the last look (the log of a large
     * realm's import is big): each run as its summary line and its wall time, from "started" to the summary.
     */
    private static final class SweepLog {
        private final java.nio.file.Path file;
        private final String done;
        private final List<String> runs = new java.util.ArrayList<>();
        private long position;
        private String started;
        private String partial = "";

        SweepLog(java.nio.file.Path file, String done) {
            this.file = file;
            this.done = done;
        }

        List<String> runs() {
            try (var channel = java.nio.channels.FileChannel.open(file)) {
                long size = channel.size();
                if (size > position) {
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size - position, 64 << 20));
                    channel.read(buffer, position);
                    position += buffer.position();
                    String text = partial + new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
                    int end = text.lastIndexOf('\n');
                    partial = end < 0 ? text : text.substring(end + 1);
                    for (String line : (end < 0 ? "" : text.substring(0, end)).split("\n")) {
                        if (line.contains("Lifecycle sweep started")) {
                            started = line;
                        } else if (line.contains(done) && started != null) {
                            Duration wall = Duration.between(time(started), time(line));
                            runs.add(line.substring(line.indexOf(done)) + String.format(" in %.1f s", wall.toMillis() / 1e3));
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return runs;
        }
    }

    private static KeycloakDistribution distribution() {
        return KeycloakDistribution.fromSystemProperties(DIST).database(Database.devFile()).startTimeout(Duration.ofMinutes(60))
                .javaOptions("-Xms" + HEAP, "-Xmx" + HEAP);
    }

    private static void deleteImportFiles(KeycloakDistribution distribution) throws Exception {
        var dir = distribution.home().resolve("data/import");
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (var file : files.filter(f -> f.getFileName().toString().startsWith(REALM + "-")).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private void switchMode(String mode) {
        var realm = server.adminClient().realm(REALM);
        RealmRepresentation representation = realm.toRepresentation();
        Map<String, String> attributes = new HashMap<>(representation.getAttributes());
        attributes.put("idgov.mode", mode);
        representation.setAttributes(attributes);
        realm.update(representation);
    }

    private static LocalDateTime time(String line) {
        Matcher matcher = LOG_TIME.matcher(line);
        if (!matcher.find()) {
            throw new AssertionError("no time in " + line);
        }
        return LocalDateTime.parse(matcher.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"));
    }

    private void measure(String what, String path, int times) {
        long[] millis = new long[times];
        for (int i = 0; i < times; i++) {
            String token = admin();
            long start = System.nanoTime();
            GovernanceApi.require(api.get(path, token), 200);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("[scale] %s: p50 %d ms, p95 %d ms, max %d ms (%d requests)%n", what, millis[times / 2],
                millis[Math.min(times - 1, (int) Math.ceil(times * 0.95) - 1)], millis[times - 1], times);
    }

    /** Times 40 consecutive pages from the middle: by {@code first}, or following {@code next} from {@code cursor}. */
    private void walk(String what, String path, String cursor) {
        int times = 40;
        long[] millis = new long[times];
        String after = cursor;
        for (int i = 0; i < times; i++) {
            String page = path + (cursor == null ? "&first=" + (users / 2 + 50 * i) : "&after=" + after);
            String token = admin();
            long start = System.nanoTime();
            Map<String, Object> answer = GovernanceApi.json(GovernanceApi.require(api.get(page, token), 200));
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            after = (String) answer.get("next");
        }
        Arrays.sort(millis);
        System.out.printf("[scale] %s: p50 %d ms, p95 %d ms, max %d ms (%d requests)%n", what, millis[times / 2],
                millis[Math.min(times - 1, (int) Math.ceil(times * 0.95) - 1)], millis[times - 1], times);
    }

    private String admin() {
        return server.adminClient().tokenManager().getAccessTokenString();
    }
}

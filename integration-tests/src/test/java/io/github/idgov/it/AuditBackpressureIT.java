package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.harness.Ports;
import io.github.idgov.it.support.AuditFile;
import io.github.idgov.it.support.AuditReceiver;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.VerifyCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * An HTTP receiver that stalls during a burst of logins: the sink's memory queue (50 batches of one record here) overflows,
 * the records that did not fit are left to the background pass, and still every login Keycloak committed reaches
 * the receiver and the file, the file holding each once. The overflow is proven by the pipeline's own counter.
 */
@ExtendWith(KeycloakServerExtension.class)
class AuditBackpressureIT {

    private static final String REALM = "backpressure";
    private static final String SECRET = "backpressure-http-secret";
    private static final String KEY = "backpressure-checkpoint-key";
    private static final int LOGINS = 150;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern LEFT = Pattern.compile("idgov_audit_left_to_background_total\\{[^}]*sink=\"http\"[^}]*} ([0-9.E]+)");

    @Test
    void recordsThatDoNotFitInMemoryAreDeliveredByTheBackgroundPass(KeycloakServer shared) throws Exception {
        Path auditFile = shared.home().getParent().resolveSibling("backpressure-audit").resolve("audit.jsonl");
        Files.createDirectories(auditFile.getParent());
        Files.deleteIfExists(auditFile);
        Files.deleteIfExists(auditFile.resolveSibling("audit.jsonl.checkpoint"));
        int port = Ports.free();
        String prefix = "--spi-events-listener--idgov-audit--";
        KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties("keycloak-backpressure")
                .database(Database.devFile()).freshData(true).startTimeout(Duration.ofMinutes(10))
                .startOptions(prefix + "sinks=file,http", prefix + "file-path=" + auditFile, prefix + "checkpoint-key=" + KEY,
                        prefix + "http-url=http://127.0.0.1:" + port + "/audit", prefix + "http-secret=" + SECRET,
                        // one record per batch: each sink's memory queue holds 50 records
                        prefix + "batch-size=1", prefix + "poll-interval-ms=200", prefix + "http-timeout-ms=300000");
        distribution.install();
        try (AuditReceiver receiver = new AuditReceiver(port, "/audit", SECRET, 0)) {
            // the drainer's thread waits on the first batch while every login commits: the memory queues overflow
            receiver.stall();
            KeycloakServer server = distribution.start();
            try {
                RealmRepresentation realm = Realms.governed(REALM, "monitor");
                realm.setEventsEnabled(true); // Keycloak's own store: the reference of what was committed
                server.importRealm(realm);
                burstOfLogins(server);

                server.waitFor(WAIT, () -> committedLogins(server).size() == LOGINS, LOGINS + " logins in Keycloak's event store");
                Set<String> committed = committedLogins(server);
                assertThat(leftToBackground(server)).as("records the HTTP sink's memory queue could not keep")
                        .isGreaterThanOrEqualTo(LOGINS - 50 - 1);
                receiver.open();

                server.waitFor(WAIT, () -> loginIds(receiver.acceptedRecords()).containsAll(committed),
                        "every committed login at the slow receiver");
                AuditFile file = new AuditFile(server, auditFile, REALM);
                server.waitFor(WAIT, () -> loginIds(records(file)).containsAll(committed),
                        "every committed login in the file");
                Map<String, Long> perId = records(file).stream()
                        .filter(r -> "LOGIN".equals(r.get("type"))).map(r -> (String) r.get("id"))
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                assertThat(perId).as("each login once in the file").hasSize(LOGINS).allSatisfy((id, times) -> assertThat(times).isOne());
                VerifyCommand.Result chain = VerifyCommand.run(auditFile, KEY);
                assertThat(chain.exitCode()).as(chain.output()).isZero();
                assertThat(receiver.badSignatures()).isEmpty();
            } finally {
                server.close();
            }
        } finally {
            distribution.stop();
        }
    }

    private static void burstOfLogins(KeycloakServer server) throws InterruptedException {
        OidcClient oidc = new OidcClient(server.realmUrl(REALM));
        Set<String> failures = ConcurrentHashMap.newKeySet();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int i = 0; i < LOGINS; i++) {
            load.execute(() -> {
                try {
                    oidc.password("app", "olivia", Realms.PASSWORD).requireSuccess();
                } catch (Exception | AssertionError e) {
                    failures.add(String.valueOf(e));
                }
            });
        }
        load.shutdown();
        assertThat(load.awaitTermination(5, TimeUnit.MINUTES)).as("the burst of logins ends").isTrue();
        assertThat(failures).as("logins during the burst").isEmpty();
    }

    /** The file's records; none while a line is still being written (the next look sees it whole). */
    private static List<Map<String, Object>> records(AuditFile file) {
        try {
            return file.lines().stream().map(AuditFile::parse).toList();
        } catch (java.io.UncheckedIOException torn) {
            return List.of();
        }
    }

    private static Set<String> committedLogins(KeycloakServer server) {
        return server.adminClient().realm(REALM).getEvents(List.of("LOGIN"), null, null, null, null, null, 0, 10_000)
                .stream().map(EventRepresentation::getId).collect(Collectors.toSet());
    }

    private static Set<String> loginIds(List<Map<String, Object>> records) {
        return records.stream().filter(r -> "LOGIN".equals(r.get("type"))).map(r -> (String) r.get("id")).collect(Collectors.toSet());
    }

    private static double leftToBackground(KeycloakServer server) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher counter = LEFT.matcher(metrics);
        return counter.find() ? Double.parseDouble(counter.group(1)) : 0;
    }
}

package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.VerifyCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Kill -9 of Keycloak in the middle of a bounded load of logins, then a restart: every login event Keycloak
 * committed (its own event store is the reference) reaches the audit file. Runs on PostgreSQL: H2 (dev-file)
 * keeps a commit in memory for up to its write delay (500 ms) and loses it on kill -9, so on H2 neither
 * Keycloak's data nor the outbox survive a crash, and the test would measure H2, not the pack.
 */
@ExtendWith(KeycloakServerExtension.class)
class AuditDurabilityIT {

    private static final String REALM = "durability";
    private static final int LOGINS = 150;
    private static final int KILL_AFTER = 50;
    private static final String KEY = "durability-checkpoint-key";

    @Test
    void everyCommittedEventSurvivesACrash(KeycloakServer shared) throws Exception {
        assumeTrue(Database.postgresReachable(), "PostgreSQL does not answer on 127.0.0.1:5432: crash durability"
                + " needs a durable database (H2 loses the last 500 ms of commits on kill -9); .ci/run provides one");
        Database database = Database.createPostgres();
        try {
            crashAndRestart(shared, database);
        } finally {
            database.drop();
        }
    }

    private void crashAndRestart(KeycloakServer shared, Database database) throws Exception {
        Path auditFile = shared.home().getParent().resolveSibling("durability-audit").resolve("audit.jsonl");
        Files.createDirectories(auditFile.getParent());
        Files.deleteIfExists(auditFile);
        Files.deleteIfExists(auditFile.resolveSibling("audit.jsonl.checkpoint"));
        KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties("keycloak-durability")
                .database(database).freshData(true)
                .startOptions("--spi-events-listener--idgov-audit--sinks=file",
                        "--spi-events-listener--idgov-audit--file-path=" + auditFile,
                        "--spi-events-listener--idgov-audit--checkpoint-key=" + KEY,
                        "--spi-events-listener--idgov-audit--poll-interval-ms=200");
        distribution.install();
        Set<String> sessions = java.util.concurrent.ConcurrentHashMap.newKeySet();
        KeycloakServer server = distribution.start();
        try {
            RealmRepresentation realm = Realms.governed(REALM, "monitor");
            realm.setEventsEnabled(true); // Keycloak's own store: the reference of what was committed
            server.importRealm(realm);

            AtomicInteger succeeded = new AtomicInteger();
            ExecutorService load = Executors.newFixedThreadPool(4);
            OidcClient oidc = new OidcClient(server.realmUrl(REALM));
            for (int i = 0; i < LOGINS; i++) {
                load.execute(() -> {
                    try {
                        var tokens = oidc.password("app", "olivia", Realms.PASSWORD);
                        if (tokens.error() == null) {
                            // the client saw the token: Keycloak had committed the login
                            sessions.add(tokens.accessClaims().getStringClaim("sid"));
                            succeeded.incrementAndGet();
                        }
                    } catch (Exception serverGone) {
                        // expected once the server is killed
                    }
                });
            }
            server.waitFor(Duration.ofSeconds(120), () -> succeeded.get() >= KILL_AFTER, KILL_AFTER + " logins before the crash");
            distribution.kill();
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.close();
        }

        KeycloakServer restarted = distribution.freshData(false).start();
        try {
            // every login a client saw succeed is audited (its session id is the record's session)
            assertThat(sessions).hasSizeGreaterThanOrEqualTo(KILL_AFTER);
            restarted.waitFor(Duration.ofSeconds(60), () -> audited(auditFile, "session").containsAll(sessions),
                    "every acknowledged login (" + sessions.size() + ") in the audit file");
            // and every LOGIN in Keycloak's own event store (which commits events asynchronously and may
            // itself have lost some in the crash) is audited too
            List<EventRepresentation> stored = restarted.adminClient().realm(REALM)
                    .getEvents(List.of("LOGIN"), null, null, null, null, null, 0, 10_000);
            Set<String> storedIds = stored.stream().map(EventRepresentation::getId).collect(Collectors.toSet());
            assertThat(audited(auditFile, "id")).containsAll(storedIds);
            // the file survived the crash as an unbroken chain (a torn last line is cut and redelivered)
            VerifyCommand.Result chain = VerifyCommand.run(auditFile, KEY);
            assertThat(chain.exitCode()).as(chain.output()).isZero();
        } finally {
            restarted.close();
            distribution.stop();
        }
    }

    private static Set<String> audited(Path file, String field) {
        ObjectMapper json = new ObjectMapper();
        Set<String> ids = new HashSet<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.contains("\"type\":\"LOGIN\"")) {
                    ids.add(json.readTree(line).path(field).asText());
                }
            }
        } catch (java.io.IOException e) {
            return Set.of(); // being written: try again
        }
        return ids;
    }
}

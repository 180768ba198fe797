package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AuditFile;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.VerifyCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The file sink's rotation in a running Keycloak ({@code file-rotate-mb=1}): the file is moved aside into segments
 * while records keep coming, the chain runs on across them, and the pack's {@code verify} checks the file with its
 * segments as one chain and catches a removed segment. A server of its own: the shared one keeps a single file,
 * which the other tests read.
 */
@ExtendWith(KeycloakServerExtension.class)
class AuditRotationIT {

    private static final String REALM = "audit-rotation";
    private static final String KEY = "rotation-checkpoint-key-4e1a";
    private static final int MAX_UPDATES = 600;
    private static final int RECORD_CHARS = 12_000;
    private static final String PADDING = "it.padding";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFileRotatesInTheRunningServerAndVerifiesWithItsSegmentsAsOneChain(KeycloakServer shared, @TempDir Path copies)
            throws Exception {
        Path file = shared.home().getParent().resolveSibling("rotation-audit").resolve("audit.jsonl");
        Files.createDirectories(file.getParent());
        try (Stream<Path> earlier = Files.list(file.getParent())) {
            for (Path old : earlier.toList()) {
                Files.delete(old); // each run's chain starts at seq 1
            }
        }
        KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties("keycloak-rotation")
                .database(Database.devFile()).freshData(true)
                .startOptions("--spi-events-listener--idgov-audit--sinks=file",
                        "--spi-events-listener--idgov-audit--file-path=" + file,
                        "--spi-events-listener--idgov-audit--checkpoint-key=" + KEY,
                        "--spi-events-listener--idgov-audit--file-rotate-mb=1",
                        "--spi-events-listener--idgov-audit--file-fsync=false",
                        "--spi-events-listener--idgov-audit--poll-interval-ms=300");
        distribution.install();
        String marker = "after-rotation-" + UUID.randomUUID();
        try (KeycloakServer server = distribution.start()) {
            RealmRepresentation rep = Realms.governed(REALM, "enforce");
            rep.setAdminEventsEnabled(true);
            rep.setAdminEventsDetailsEnabled(true); // each update's representation travels in its record (up to 16 KiB)
            RealmResource realm = Realms.create(server, rep);
            // bulky admin records (about 12 KB each, under the 16 KiB a record carries), so 1 MiB fills in under a
            // hundred updates; stop once two segments were written
            for (int i = 0; i < MAX_UPDATES && segments(file).size() < 2; i++) {
                RealmRepresentation update = realm.toRepresentation();
                Map<String, String> attributes = new HashMap<>(update.getAttributes());
                attributes.remove(PADDING);
                update.setAttributes(attributes);
                int size = JSON.writeValueAsString(update).length();
                attributes.put(PADDING, i + " " + "p".repeat(Math.max(0, RECORD_CHARS - size)));
                realm.update(update);
            }
            server.waitFor(Duration.ofSeconds(60), () -> segments(file).size() >= 2, "two rotations");
            realm.users().create(Realms.human(marker, true)).close();
            new AuditFile(server, file, REALM).await(Duration.ofSeconds(60), "the record written after the rotations",
                    r -> r.toString().contains(marker));
            assertThat(server.logContains("rotated to audit.jsonl.")).isTrue();
        } finally {
            distribution.stop(); // the file is final: verify reads what the server wrote
        }

        List<Path> segments = segments(file);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(2);
        for (Path segment : segments) {
            assertThat(Files.size(segment)).as("%s rotated at 1 MiB", segment).isGreaterThanOrEqualTo(1024L * 1024L);
        }
        VerifyCommand.Result intact = VerifyCommand.run(file, KEY);
        assertThat(intact.exitCode()).as(intact.output()).isZero();
        assertThat(intact.output()).contains("OK, ").contains(" in " + (segments.size() + 1) + " files");

        // a segment taken away breaks the chain
        Path copy = copies.resolve("audit.jsonl");
        Files.copy(file, copy);
        Files.copy(file.resolveSibling("audit.jsonl.checkpoint"), copies.resolve("audit.jsonl.checkpoint"));
        for (Path segment : segments.subList(1, segments.size())) {
            Files.copy(segment, copies.resolve(segment.getFileName()));
        }
        VerifyCommand.Result missing = VerifyCommand.run(copy, KEY);
        assertThat(missing.exitCode()).as(missing.output()).isEqualTo(1);
        assertThat(missing.output()).contains("BROKEN");
    }

    private static List<Path> segments(Path file) {
        if (!Files.isDirectory(file.getParent())) {
            return List.of();
        }
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().matches("audit\\.jsonl\\.\\d{12}")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KafkaBroker;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Realms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The Kafka sink against a real broker (KRaft, its own process on 127.0.0.1): records arrive keyed by the
 * principal's id, and while the broker is away logins go on and their records wait in the outbox until it is back.
 */
@ExtendWith(KeycloakServerExtension.class)
class AuditKafkaIT {

    private static final String REALM = "kafka-audit";
    private static final String TOPIC = "idgov-audit-it";
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void recordsReachTheTopicAndSurviveTheBrokerBeingAway(KeycloakServer shared) throws Exception {
        assumeTrue(KafkaBroker.available(), "the kafka-test-broker module's class path is missing: build the reactor with -am");
        Path work = shared.home().getParent().resolveSibling("kafka-audit");
        try (KafkaBroker broker = KafkaBroker.start(work)) {
            KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties("keycloak-kafka")
                    .database(Database.devFile()).freshData(true)
                    .startOptions("--spi-events-listener--idgov-audit--sinks=kafka",
                            "--spi-events-listener--idgov-audit--kafka-bootstrap-servers=" + broker.bootstrapServers(),
                            "--spi-events-listener--idgov-audit--kafka-topic=" + TOPIC,
                            "--spi-events-listener--idgov-audit--kafka-timeout-ms=5000",
                            "--spi-events-listener--idgov-audit--poll-interval-ms=300",
                            "--spi-events-listener--idgov-audit--max-backoff-ms=2000");
            distribution.install();
            try (KeycloakServer server = distribution.start(); KafkaConsumer<String, String> consumer = consumer(broker)) {
                RealmRepresentation realm = Realms.governed(REALM, "enforce");
                server.importRealm(realm);
                String oliviaId = server.adminClient().realm(REALM).users().searchByUsername("olivia", true).get(0).getId();
                OidcClient oidc = new OidcClient(server.realmUrl(REALM));
                List<ConsumerRecord<String, String>> seen = new ArrayList<>();

                Set<String> before = login(oidc, 3);
                server.waitFor(DELIVERY, () -> sessions(poll(consumer, seen)).containsAll(before), "3 logins on the topic");

                ConsumerRecord<String, String> first = seen.stream().filter(r -> before.contains(session(r))).findFirst().orElseThrow();
                JsonNode record = JSON.readTree(first.value());
                assertThat(first.key()).as("key: the principal's id").isEqualTo(oliviaId);
                assertThat(record.path("principal").path("username").asText()).isEqualTo("olivia");
                assertThat(record.path("principal").path("class").asText()).isEqualTo("human");
                assertThat(record.path("realm").asText()).isEqualTo(REALM);
                assertThat(new String(first.headers().lastHeader("content-type").value(), StandardCharsets.US_ASCII))
                        .isEqualTo("application/json");

                broker.stop();
                Set<String> whileAway = login(oidc, 5);
                assertThat(whileAway).as("logins do not depend on the broker").hasSize(5);
                broker.restart();
                server.waitFor(DELIVERY, () -> sessions(poll(consumer, seen)).containsAll(whileAway),
                        "the 5 logins made while the broker was away, after it came back");

                // one principal's records keep their order: one key, one partition
                assertThat(seen.stream().filter(r -> oliviaId.equals(r.key())).map(ConsumerRecord::partition).distinct())
                        .hasSize(1);
            } finally {
                distribution.stop();
            }
        }
    }

    private static Set<String> login(OidcClient oidc, int count) throws Exception {
        Set<String> sessions = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            var tokens = oidc.password("app", "olivia", Realms.PASSWORD);
            assertThat(tokens.error()).as("login %d", i).isNull();
            sessions.add(tokens.accessClaims().getStringClaim("sid"));
        }
        return sessions;
    }

    private static KafkaConsumer<String, String> consumer(KafkaBroker broker) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        properties.put("group.id", "it-" + UUID.randomUUID());
        properties.put("auto.offset.reset", "earliest");
        properties.put("enable.auto.commit", "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer,
                                                            List<ConsumerRecord<String, String>> seen) {
        consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
        return seen;
    }

    private static Set<String> sessions(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(AuditKafkaIT::session).filter(s -> s != null).collect(Collectors.toSet());
    }

    private static String session(ConsumerRecord<String, String> record) {
        try {
            JsonNode node = JSON.readTree(record.value());
            return "LOGIN".equals(node.path("type").asText()) ? node.path("session").asText(null) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

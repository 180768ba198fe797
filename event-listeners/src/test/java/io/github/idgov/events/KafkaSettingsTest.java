package io.github.idgov.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.events.AuditConfigTest.FakeScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaSettingsTest {

    private static final String PREFIX = "--spi-events-listener--idgov-audit--";

    @Test
    void kafkaNeedsItsBootstrapServers() {
        assertThatThrownBy(() -> AuditConfig.from(FakeScope.of("sinks", "kafka")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(PREFIX + "kafka-bootstrap-servers is required when sinks include kafka");
    }

    @Test
    void defaultsAreSafeAndCannotBeWeakened() {
        AuditConfig config = AuditConfig.from(FakeScope.of("sinks", "kafka", "kafka-bootstrap-servers", "127.0.0.1:9092"));

        KafkaSettings kafka = config.kafka();
        assertThat(kafka.topic()).isEqualTo("idgov-audit");
        assertThat(kafka.timeout()).isEqualTo(Duration.ofSeconds(30));
        Properties producer = kafka.producerProperties();
        assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092").containsEntry("delivery.timeout.ms", "30000");
        assertThat(Long.parseLong(producer.getProperty("request.timeout.ms")) + Long.parseLong(producer.getProperty("linger.ms")))
                .as("Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms")
                .isLessThanOrEqualTo(Long.parseLong(producer.getProperty("delivery.timeout.ms")));
        assertThat(config.describe()).anyMatch(line -> line.contains("kafka-bootstrap-servers=127.0.0.1:9092"));
    }

    @Test
    void securitySettingsComeFromThePropertiesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");

        KafkaSettings kafka = AuditConfig.from(FakeScope.of("sinks", "kafka", "kafka-bootstrap-servers", "b:9093",
                "kafka-topic", "audit.prod", "kafka-properties-file", file.toString(), "kafka-timeout-ms", "5000")).kafka();

        assertThat(kafka.topic()).isEqualTo("audit.prod");
        assertThat(kafka.producerProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("delivery.timeout.ms", "5000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"acks=1", "enable.idempotence=false", "bootstrap.servers=elsewhere:9092", "linger.ms=1000"})
    void thePropertiesFileCannotOverrideDeliverySafety(String line, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, line + "\n");

        assertThatThrownBy(() -> AuditConfig.from(FakeScope.of("sinks", "kafka", "kafka-bootstrap-servers", "b:9092",
                "kafka-properties-file", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(PREFIX + "kafka-properties-file")
                .hasMessageContaining(line.substring(0, line.indexOf('=')));
    }

    @Test
    void aMissingPropertiesFileIsNamed() {
        assertThatThrownBy(() -> AuditConfig.from(FakeScope.of("sinks", "kafka", "kafka-bootstrap-servers", "b:9092",
                "kafka-properties-file", "/nonexistent/kafka.properties")))
                .hasMessageContaining(PREFIX + "kafka-properties-file: cannot read '/nonexistent/kafka.properties'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"audit topic", "audit/prod", "ünïcode"})
    void badTopicNamesAreRefused(String topic) {
        assertThatThrownBy(() -> AuditConfig.from(FakeScope.of("sinks", "kafka", "kafka-bootstrap-servers", "b:9092",
                "kafka-topic", topic)))
                .hasMessageContaining(PREFIX + "kafka-topic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999", "0", "-5", "soon"})
    void timeoutsBelowOneSecondOrNotNumbersAreRefused(String value) {
        assertThatThrownBy(() -> AuditConfig.from(FakeScope.of("sinks", "kafka", "kafka-bootstrap-servers", "b:9092",
                "kafka-timeout-ms", value)))
                .hasMessageContaining(PREFIX + "kafka-timeout-ms");
    }
}

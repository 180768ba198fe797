package io.github.idgov.events;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.keycloak.Config;

/**
 * The Kafka sink's options. Connection and security settings (TLS, SASL) come from an optional producer
 * properties file; the settings that make delivery safe are the pack's and cannot be overridden there.
 */
record KafkaSettings(String bootstrapServers, String topic, Duration timeout, Properties extra) {

    static final String BOOTSTRAP_SERVERS = "kafka-bootstrap-servers";
    static final String TOPIC = "kafka-topic";
    static final String TIMEOUT_MS = "kafka-timeout-ms";
    static final String PROPERTIES_FILE = "kafka-properties-file";
    static final String DEFAULT_TOPIC = "idgov-audit";
    static final int DEFAULT_TIMEOUT_MS = 30_000;

    /** What "without loss, in order, once per send" rests on; a properties file naming one of these is refused. */
    static final Set<String> FIXED = Set.of("bootstrap.servers", "acks", "enable.idempotence",
            "max.in.flight.requests.per.connection", "retries", "delivery.timeout.ms", "request.timeout.ms",
            "max.block.ms", "linger.ms", "key.serializer", "value.serializer", "transactional.id");

    static KafkaSettings from(Config.Scope scope) {
        String bootstrap = AuditConfig.required(scope, BOOTSTRAP_SERVERS, "when sinks include kafka");
        String topic = scope.get(TOPIC, DEFAULT_TOPIC).strip();
        if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException(AuditConfig.flag(TOPIC) + ": '" + topic
                    + "' is not a Kafka topic name (letters, digits, '.', '_', '-', at most 249)");
        }
        int timeoutMs = AuditConfig.positive(scope, TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
        if (timeoutMs < 1000) {
            throw new IllegalArgumentException(AuditConfig.flag(TIMEOUT_MS) + ": " + timeoutMs + " is below 1000 ms");
        }
        Properties extra = new Properties();
        String file = scope.get(PROPERTIES_FILE);
        if (file != null && !file.isBlank()) {
            extra = load(file.strip());
        }
        return new KafkaSettings(bootstrap, topic, Duration.ofMillis(timeoutMs), extra);
    }

    private static Properties load(String file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException(AuditConfig.flag(PROPERTIES_FILE) + ": cannot read '" + file + "': " + e.getMessage(), e);
        }
        for (String name : properties.stringPropertyNames()) {
            if (FIXED.contains(name)) {
                throw new IllegalArgumentException(AuditConfig.flag(PROPERTIES_FILE) + ": '" + name
                        + "' is set by the pack (or an option) and cannot be overridden");
            }
        }
        return properties;
    }

    /** Idempotent, fully acknowledged, ordered: a retry never duplicates or reorders within one producer. */
    Properties producerProperties() {
        Properties properties = new Properties();
        properties.putAll(extra);
        long lingerMs = 5;
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        properties.put("max.in.flight.requests.per.connection", "5");
        properties.put("retries", String.valueOf(Integer.MAX_VALUE));
        properties.put("linger.ms", String.valueOf(lingerMs));
        properties.put("delivery.timeout.ms", String.valueOf(timeout.toMillis()));
        properties.put("request.timeout.ms", String.valueOf(timeout.toMillis() - lingerMs));
        properties.put("max.block.ms", String.valueOf(timeout.toMillis()));
        properties.putIfAbsent("client.id", "idgov-audit");
        return properties;
    }

    String describe() {
        return BOOTSTRAP_SERVERS + "=" + bootstrapServers + " (topic " + topic + ", timeout " + timeout.toMillis() + " ms"
                + (extra.isEmpty() ? "" : ", " + extra.size() + " properties from " + PROPERTIES_FILE) + ")";
    }
}

package io.github.idgov.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.Config;
import org.keycloak.events.EventType;

class AuditConfigTest {

    private static final String PREFIX = "--spi-events-listener--idgov-audit--";
    private static final String KEY = "0123456789abcdef";

    /** A Config.Scope over a map, as Keycloak's would be for the listener's options. */
    record FakeScope(Map<String, String> values) implements Config.Scope {

        static FakeScope of(String... keyValues) {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                values.put(keyValues[i], keyValues[i + 1]);
            }
            return new FakeScope(values);
        }

        @Override
        public String get(String key) {
            return values.get(key);
        }

        @Override
        public String get(String key, String defaultValue) {
            return values.getOrDefault(key, defaultValue);
        }

        @Override
        public String[] getArray(String key) {
            String value = get(key);
            return value == null ? null : value.split(",");
        }

        @Override
        public Integer getInt(String key, Integer defaultValue) {
            String value = get(key);
            return value == null ? defaultValue : Integer.valueOf(value);
        }

        @Override
        public Long getLong(String key, Long defaultValue) {
            String value = get(key);
            return value == null ? defaultValue : Long.valueOf(value);
        }

        @Override
        public Boolean getBoolean(String key, Boolean defaultValue) {
            String value = get(key);
            return value == null ? defaultValue : Boolean.valueOf(value);
        }

        @Override
        public Config.Scope scope(String... scope) {
            return new FakeScope(Map.of());
        }

        @Override
        public Set<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Config.Scope root() {
            return this;
        }
    }

    private static void rejected(FakeScope scope, String option) {
        assertThatThrownBy(() -> AuditConfig.from(scope))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(PREFIX + option);
    }

    @Test
    void defaults() {
        AuditConfig config = AuditConfig.from(FakeScope.of());

        assertThat(config.sinks()).containsExactly("log");
        assertThat(config.batchSize()).isEqualTo(100);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.drainDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.localClaim()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.httpTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.filePath()).isNull();
        assertThat(config.httpUrl()).isNull();
        assertThat(config.fileFsync()).isTrue();
        assertThat(config.excludedTypes()).as("every event is audited unless the operator says otherwise").isEmpty();
    }

    @Test
    void excludedEventTypesAreKeycloaksUserEventTypes() {
        AuditConfig config = AuditConfig.from(FakeScope.of("exclude-types", " USER_INFO_REQUEST, INTROSPECT_TOKEN ,,"));
        assertThat(config.excludedTypes()).containsExactlyInAnyOrder(EventType.USER_INFO_REQUEST, EventType.INTROSPECT_TOKEN);
        assertThat(config.describe()).contains("exclude-types=INTROSPECT_TOKEN,USER_INFO_REQUEST");

        rejected(FakeScope.of("exclude-types", "USER_INFO_REQUEST,userinfo"), "exclude-types");
        assertThatThrownBy(() -> AuditConfig.from(FakeScope.of("exclude-types", "userinfo")))
                .hasMessageContaining("'userinfo' is not a Keycloak user event type");
    }

    @Test
    void fullConfiguration() {
        AuditConfig config = AuditConfig.from(FakeScope.of(
                "sinks", " log , file,http ,",
                "batch-size", " 25 ",
                "drain-delay-ms", "20",
                "file-path", "/var/log/audit.jsonl",
                "file-fsync", "false",
                "file-rotate-mb", "64",
                "checkpoint-key", "  " + KEY + "  ",
                "checkpoint-interval-ms", "250",
                "http-url", "https://siem.example.org:8443/ingest",
                "http-secret", KEY + KEY,
                "http-timeout-ms", "750"));

        assertThat(config.sinks()).containsExactlyInAnyOrder("log", "file", "http");
        assertThat(config.batchSize()).isEqualTo(25);
        assertThat(config.drainDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.filePath()).isEqualTo(Path.of("/var/log/audit.jsonl"));
        assertThat(config.fileFsync()).isFalse();
        assertThat(config.fileRotateBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.describe()).contains("file-path=/var/log/audit.jsonl (fsync false, checkpoint every 250 ms, rotated at 64 MiB)");
        assertThat(config.checkpointKey()).isEqualTo(KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(config.httpUrl()).hasHost("siem.example.org").hasPort(8443);
        assertThat(config.httpSecret()).isEqualTo((KEY + KEY).getBytes(StandardCharsets.UTF_8));
        assertThat(config.httpTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.describe()).anyMatch(l -> l.startsWith("file-path=")).noneMatch(l -> l.contains(KEY));
    }

    @Test
    void flagNamesTheFullCliOption() {
        assertThat(AuditConfig.flag("batch-size")).isEqualTo(PREFIX + "batch-size");
    }

    @Test
    void unknownSink() {
        rejected(FakeScope.of("sinks", "log,syslog"), "sinks");
        assertThatThrownBy(() -> AuditConfig.from(FakeScope.of("sinks", "syslog")))
                .hasMessageContaining("unknown sink 'syslog' (known: log, file, http, kafka)");
    }

    @Test
    void fileSinkWithoutFilePath() {
        rejected(FakeScope.of("sinks", "file", "checkpoint-key", KEY), "file-path");
        rejected(FakeScope.of("sinks", "file", "checkpoint-key", KEY, "file-path", "  "), "file-path");
    }

    @Test
    void rotationSizeMustBeAWholeNumberOfZeroOrMore() {
        assertThat(AuditConfig.from(FakeScope.of("sinks", "log")).fileRotateBytes()).as("default: no rotation").isZero();
        for (String bad : new String[] {"-1", "1.5", "ten"}) {
            rejected(FakeScope.of("sinks", "file", "checkpoint-key", KEY, "file-path", "/tmp/a.jsonl", "file-rotate-mb", bad),
                    "file-rotate-mb");
        }
    }

    @Test
    void checkpointIntervalDefaultsToASecondAndMustBeAWholeNumberOfZeroOrMore() {
        assertThat(AuditConfig.from(FakeScope.of("sinks", "log")).checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(AuditConfig.from(FakeScope.of("sinks", "log", "checkpoint-interval-ms", "0")).checkpointInterval())
                .as("0: after every batch").isZero();
        for (String bad : new String[] {"-1", "0.5", "often"}) {
            rejected(FakeScope.of("sinks", "file", "checkpoint-key", KEY, "file-path", "/tmp/a.jsonl", "checkpoint-interval-ms", bad),
                    "checkpoint-interval-ms");
        }
    }

    @Test
    void fileSinkWithoutCheckpointKey() {
        rejected(FakeScope.of("sinks", "file", "file-path", "/tmp/a.jsonl"), "checkpoint-key");
    }

    @Test
    void shortKeys() {
        rejected(FakeScope.of("sinks", "file", "file-path", "/tmp/a.jsonl", "checkpoint-key", "short"), "checkpoint-key");
        rejected(FakeScope.of("sinks", "file", "file-path", "/tmp/a.jsonl", "checkpoint-key", " 0123456789abcde "),
                "checkpoint-key");
        rejected(FakeScope.of("sinks", "http", "http-url", "https://x.example", "http-secret", "short"), "http-secret");
    }

    @Test
    void httpSinkWithoutUrlOrSecret() {
        rejected(FakeScope.of("sinks", "http", "http-secret", KEY), "http-url");
        rejected(FakeScope.of("sinks", "http", "http-url", "https://x.example"), "http-secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x", "not a url", "notaurl", "http://", "https:///path", "mailto:a@b.c", "file:/etc/passwd",
            "http:opaque", "://x"})
    void badHttpUrl(String url) {
        rejected(FakeScope.of("sinks", "http", "http-url", url, "http-secret", KEY), "http-url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "99999999999", "10x"})
    void nonPositiveOrNonNumericIntegers(String value) {
        rejected(FakeScope.of("batch-size", value), "batch-size");
        rejected(FakeScope.of("poll-interval-ms", value), "poll-interval-ms");
        rejected(FakeScope.of("drain-delay-ms", value), "drain-delay-ms");
        rejected(FakeScope.of("local-claim-ms", value), "local-claim-ms");
        rejected(FakeScope.of("max-backoff-ms", value), "max-backoff-ms");
        rejected(FakeScope.of("http-timeout-ms", value), "http-timeout-ms");
    }

    @Test
    void optionsOfUnusedSinksAreNotRequired() {
        AuditConfig config = AuditConfig.from(FakeScope.of("sinks", "log", "checkpoint-key", "short", "http-url", "ftp://x"));

        assertThat(config.sinks()).containsExactly("log");
        assertThat(config.checkpointKey()).isNull();
    }

    /**
     * Regression (found and fixed): (minor): an invalid file path (here a NUL character) escapes as java.nio.file.InvalidPathException from
     * Path.of in AuditConfig.from, without the option's name, unlike every other bad value.
     */
    @Test
    void invalidFilePathNamesTheOption() {
        rejected(FakeScope.of("sinks", "file", "file-path", "/tmp/a\u0000b", "checkpoint-key", KEY), "file-path");
    }
}

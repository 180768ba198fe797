package io.github.idgov.events;

import io.github.idgov.core.keycloak.ServerOptionDocs;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.events.EventType;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Server-wide audit options ({@code --spi-events-listener--idgov-audit--<option>}), typed and checked at start-up:
 * a bad value stops Keycloak with a message naming the option.
 */
record AuditConfig(Set<String> sinks, int batchSize, Duration pollInterval, Duration drainDelay, Duration localClaim, Duration maxBackoff,
                   int maxAttempts, Path filePath, boolean fileFsync, long fileRotateBytes, byte[] checkpointKey, Duration checkpointInterval,
                   URI httpUrl, byte[] httpSecret, Duration httpTimeout, KafkaSettings kafka, Set<EventType> excludedTypes) {

    static final String SINKS = "sinks";
    static final String BATCH_SIZE = "batch-size";
    static final String POLL_INTERVAL_MS = "poll-interval-ms";
    static final String DRAIN_DELAY_MS = "drain-delay-ms";
    /** How long the background pass leaves a fresh record to the node that wrote it (which delivers it from memory). */
    static final String LOCAL_CLAIM_MS = "local-claim-ms";
    static final String MAX_BACKOFF_MS = "max-backoff-ms";
    static final String MAX_ATTEMPTS = "max-attempts";
    static final String FILE_PATH = "file-path";
    static final String FILE_FSYNC = "file-fsync";
    /** Rotate the audit file at this size, in MiB; 0 (default) = one growing file. */
    static final String FILE_ROTATE_MB = "file-rotate-mb";
    static final String CHECKPOINT_KEY = "checkpoint-key";
    /** At most one signed checkpoint per interval: on ext4 each rewrite costs about a millisecond (it flushes the file). */
    static final String CHECKPOINT_INTERVAL_MS = "checkpoint-interval-ms";
    static final String HTTP_URL = "http-url";
    static final String HTTP_SECRET = "http-secret";
    static final String HTTP_TIMEOUT_MS = "http-timeout-ms";
    /** User event types the listener leaves out (an operator's trade of completeness for throughput on read endpoints). */
    static final String EXCLUDE_TYPES = "exclude-types";

    static final int DEFAULT_BATCH_SIZE = 100;
    static final int DEFAULT_POLL_INTERVAL_MS = 1000;
    static final int DEFAULT_DRAIN_DELAY_MS = 100;
    static final int DEFAULT_LOCAL_CLAIM_MS = 10_000;
    static final int DEFAULT_MAX_BACKOFF_MS = 300_000;
    static final int DEFAULT_HTTP_TIMEOUT_MS = 5000;
    static final int DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;

    static final Set<String> KNOWN_SINKS = Set.of(LogSink.NAME, FileSink.NAME, HttpSink.NAME, KafkaSink.NAME);
    private static final String PREFIX = "--spi-events-listener--" + AuditEventListenerFactory.ID + "--";

    static String flag(String option) {
        return PREFIX + option;
    }

    static AuditConfig from(Config.Scope scope) {
        Set<String> sinks = new LinkedHashSet<>();
        for (String sink : scope.get(SINKS, LogSink.NAME).split(",")) {
            String name = sink.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!KNOWN_SINKS.contains(name)) {
                throw new IllegalArgumentException(flag(SINKS) + ": unknown sink '" + name + "' (known: log, file, http, kafka)");
            }
            sinks.add(name);
        }
        int batchSize = positive(scope, BATCH_SIZE, DEFAULT_BATCH_SIZE);
        Duration poll = Duration.ofMillis(positive(scope, POLL_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS));
        Duration drainDelay = Duration.ofMillis(positive(scope, DRAIN_DELAY_MS, DEFAULT_DRAIN_DELAY_MS));
        Duration localClaim = Duration.ofMillis(positive(scope, LOCAL_CLAIM_MS, DEFAULT_LOCAL_CLAIM_MS));
        Duration maxBackoff = Duration.ofMillis(positive(scope, MAX_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS));
        // 0: a sink that is down is retried until it is back; a positive value dead-letters after that many attempts
        int maxAttempts = scope.get(MAX_ATTEMPTS) == null || scope.get(MAX_ATTEMPTS).isBlank() ? 0 : positive(scope, MAX_ATTEMPTS, 0);

        Path filePath = null;
        byte[] checkpointKey = null;
        boolean fsync = scope.getBoolean(FILE_FSYNC, true);
        long rotateBytes = nonNegative(scope, FILE_ROTATE_MB, 0) * 1024L * 1024L;
        Duration checkpointInterval = Duration.ofMillis(nonNegative(scope, CHECKPOINT_INTERVAL_MS, DEFAULT_CHECKPOINT_INTERVAL_MS));
        if (sinks.contains(FileSink.NAME)) {
            String rawPath = required(scope, FILE_PATH, "when sinks include file");
            try {
                filePath = Path.of(rawPath);
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException(flag(FILE_PATH) + ": '" + rawPath + "' is not a valid path", e);
            }
            checkpointKey = key(required(scope, CHECKPOINT_KEY, "when sinks include file (HMAC key of the checkpoints)"),
                    CHECKPOINT_KEY);
        }
        URI httpUrl = null;
        byte[] httpSecret = null;
        Duration httpTimeout = Duration.ofMillis(positive(scope, HTTP_TIMEOUT_MS, DEFAULT_HTTP_TIMEOUT_MS));
        if (sinks.contains(HttpSink.NAME)) {
            httpUrl = url(required(scope, HTTP_URL, "when sinks include http"));
            httpSecret = key(required(scope, HTTP_SECRET, "when sinks include http (HMAC key of X-Signature)"), HTTP_SECRET);
        }
        KafkaSettings kafka = sinks.contains(KafkaSink.NAME) ? KafkaSettings.from(scope) : null;
        return new AuditConfig(Set.copyOf(sinks), batchSize, poll, drainDelay, localClaim, maxBackoff, maxAttempts, filePath, fsync, rotateBytes, checkpointKey,
                checkpointInterval, httpUrl, httpSecret, httpTimeout, kafka, eventTypes(scope.get(EXCLUDE_TYPES)));
    }

    /** Every option with its default and meaning, for Keycloak's option metadata and the README reference. */
    static List<ProviderConfigProperty> docs() {
        return ServerOptionDocs.create()
                .text(SINKS, LogSink.NAME, "comma-separated sinks: `log`, `file`, `http`, `kafka`; an unknown name stops start-up")
                .number(BATCH_SIZE, DEFAULT_BATCH_SIZE, "records per delivery (≥ 1)")
                .number(POLL_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS, "milliseconds between the drainer's background passes over the outbox "
                        + "(rows of other or crashed nodes, retries, replayed dead letters), and how often the backlog gauge is counted (≥ 1)")
                .number(DRAIN_DELAY_MS, DEFAULT_DRAIN_DELAY_MS, "after a commit the drainer wakes this many milliseconds later, so concurrent "
                        + "records share one batch (≥ 1)")
                .number(LOCAL_CLAIM_MS, DEFAULT_LOCAL_CLAIM_MS, "milliseconds the background pass leaves a fresh record to the node that "
                        + "wrote it (which delivers it from memory); after a crash, the longest a record waits for another node (≥ 1)")
                .number(MAX_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS, "longest wait in milliseconds between retries of a failing batch (≥ 1)")
                .noDefault(MAX_ATTEMPTS, "attempts before a record a sink keeps failing is dead-lettered (≥ 1); unset, a sink that is down "
                        + "is retried until it is back")
                .noDefault(FILE_PATH, "the JSON Lines file of the `file` sink (required with `file`); `<file>.checkpoint` beside it")
                .noDefault(CHECKPOINT_KEY, "HMAC key of the file's checkpoints (required with `file`, ≥ 16 characters)")
                .flag(FILE_FSYNC, true, "fsync the file after each batch")
                .number(CHECKPOINT_INTERVAL_MS, DEFAULT_CHECKPOINT_INTERVAL_MS, "the signed checkpoint is rewritten after a batch at most "
                        + "once per this many milliseconds, and at the next background pass when records came since; `0` = after every "
                        + "batch. The truncation check covers the records up to the last checkpoint (≥ 0)")
                .number(FILE_ROTATE_MB, 0, "rotate the file at this size in MiB, segments `<file>.<seq>`; `0` = one growing file (≥ 0)")
                .noDefault(HTTP_URL, "`http(s)://` receiver of the `http` sink (required with `http`)")
                .noDefault(HTTP_SECRET, "HMAC key of the `X-Signature` header (required with `http`, ≥ 16 characters)")
                .number(HTTP_TIMEOUT_MS, DEFAULT_HTTP_TIMEOUT_MS, "connect and request timeout of the `http` sink in milliseconds (≥ 1)")
                .noDefault(KafkaSettings.BOOTSTRAP_SERVERS, "`host:port[,host:port…]` of the `kafka` sink (required with `kafka`)")
                .text(KafkaSettings.TOPIC, KafkaSettings.DEFAULT_TOPIC, "topic of the records")
                .number(KafkaSettings.TIMEOUT_MS, KafkaSettings.DEFAULT_TIMEOUT_MS, "how long a batch may wait for the broker's "
                        + "acknowledgement in milliseconds (`delivery.timeout.ms`, `max.block.ms`; ≥ 1000)")
                .noDefault(KafkaSettings.PROPERTIES_FILE, "producer properties for the connection (`security.protocol`, `ssl.*`, `sasl.*`, "
                        + "`client.id`, …); a file naming one of the pack's delivery settings (`acks`, `enable.idempotence`, `linger.ms`, "
                        + "timeouts, serializers, `bootstrap.servers`, `transactional.id`) stops start-up")
                .noDefault(EXCLUDE_TYPES, "comma-separated Keycloak user event types left out of the audit (e.g. `USER_INFO_REQUEST,"
                        + "INTROSPECT_TOKEN`: read endpoints whose every call is otherwise an outbox row); the pack's decisions, lifecycle "
                        + "records, alerts and admin events are never left out; an unknown type stops start-up")
                .build();
    }

    List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(SINKS + "=" + String.join(",", sinks));
        lines.add(BATCH_SIZE + "=" + batchSize);
        lines.add(POLL_INTERVAL_MS + "=" + pollInterval.toMillis());
        lines.add(DRAIN_DELAY_MS + "=" + drainDelay.toMillis());
        lines.add(LOCAL_CLAIM_MS + "=" + localClaim.toMillis());
        lines.add(MAX_ATTEMPTS + "=" + (maxAttempts == 0 ? "unlimited" : String.valueOf(maxAttempts)));
        if (filePath != null) {
            lines.add(FILE_PATH + "=" + filePath + " (fsync " + fileFsync + ", checkpoint every " + checkpointInterval.toMillis() + " ms, "
                    + (fileRotateBytes == 0 ? "no rotation" : "rotated at " + fileRotateBytes / (1024 * 1024) + " MiB") + ")");
        }
        if (httpUrl != null) {
            lines.add(HTTP_URL + "=" + httpUrl + " (timeout " + httpTimeout.toMillis() + " ms)");
        }
        if (kafka != null) {
            lines.add(kafka.describe());
        }
        if (!excludedTypes.isEmpty()) {
            lines.add(EXCLUDE_TYPES + "=" + excludedTypes.stream().map(Enum::name).sorted().collect(java.util.stream.Collectors.joining(",")));
        }
        return lines;
    }

    /** Comma-separated names of Keycloak's user event types; an unknown name stops start-up, naming it. */
    static Set<EventType> eventTypes(String raw) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        if (raw == null) {
            return types;
        }
        for (String name : raw.split(",")) {
            String type = name.strip();
            if (type.isEmpty()) {
                continue;
            }
            try {
                types.add(EventType.valueOf(type));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag(EXCLUDE_TYPES) + ": '" + type + "' is not a Keycloak user event type "
                        + "(e.g. USER_INFO_REQUEST, INTROSPECT_TOKEN, REFRESH_TOKEN)", e);
            }
        }
        return types;
    }

    static String required(Config.Scope scope, String option, String when) {
        String value = scope.get(option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag(option) + " is required " + when);
        }
        return value.strip();
    }

    static int nonNegative(Config.Scope scope, String option, int defaultValue) {
        String raw = scope.get(option);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(flag(option) + ": '" + raw + "' is not a whole number of 0 or more");
    }

    static int positive(Config.Scope scope, String option, int defaultValue) {
        String raw = scope.get(option);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(flag(option) + ": '" + raw + "' is not a positive integer");
    }

    private static byte[] key(String value, String option) {
        if (value.length() < 16) {
            throw new IllegalArgumentException(flag(option) + " must be at least 16 characters");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static URI url(String raw) {
        try {
            URI uri = new URI(raw);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(flag(HTTP_URL) + ": '" + raw + "' is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(flag(HTTP_URL) + ": '" + raw + "' is not a URL", e);
        }
    }
}

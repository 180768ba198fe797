package io.github.idgov.events;

import io.github.idgov.core.alerts.AlertContract;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's meters on Keycloak's management {@code /metrics}: records by class, source, type and outcome; alerts by kind and class;
 * per sink delivered, retried, dead-lettered,
 * left to the background pass, backlog and delivery lag.
 */
final class AuditMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
    /** Bounded by the tag values: identity classes × sources × Keycloak's event types × outcomes. */
    private final Map<List<String>, Counter> records = new ConcurrentHashMap<>();
    private final Timer userEnqueue;
    private final Timer adminEnqueue;

    AuditMetrics(MeterRegistry registry, Set<String> sinks) {
        this.registry = registry;
        for (String sink : sinks) {
            AtomicLong value = new AtomicLong();
            backlog.put(sink, value);
            Gauge.builder("idgov_audit_backlog", value, AtomicLong::get)
                    .description("Audit records waiting in the outbox").tag("sink", sink).register(registry);
        }
        userEnqueue = enqueueTimer(registry, "user");
        adminEnqueue = enqueueTimer(registry, "admin");
    }

    /**
     * A histogram from 1 µs (the enqueue p99 target is 50 µs): percentiles over any window come from the difference of
     * two scrapes of its buckets.
     */
    private static Timer enqueueTimer(MeterRegistry registry, String source) {
        return Timer.builder("idgov_audit_enqueue")
                .description("Time on the request thread to turn one event into outbox rows (the INSERT runs at commit)")
                .tag("source", source).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1000)).maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }

    /** Time the listener spent on one event, in nanoseconds. */
    void enqueued(boolean admin, long nanos) {
        (admin ? adminEnqueue : userEnqueue).record(nanos, TimeUnit.NANOSECONDS);
    }

    void recorded(String identityClass, String source, String type, String outcome) {
        // one lookup per committed event: a held counter instead of Micrometer's id building and registry lookup
        records.computeIfAbsent(List.of(identityClass, source, type, outcome), tags -> Counter.builder("idgov_audit_records")
                .description("Audit records written to the outbox")
                .tags("class", identityClass, "source", source, "type", type, "outcome", outcome)
                .register(registry)).increment();
    }

    /** One anomaly alert recorded (committed), by kind and the identity's class. */
    void alerted(String kind, String identityClass) {
        Counter.builder(AlertContract.METRIC).description("Anomaly alerts about non-human identities")
                .tags("kind", kind, "class", identityClass).register(registry).increment();
    }

    void delivered(String sink, int records, Duration oldestWait) {
        Counter.builder("idgov_audit_delivered").tag("sink", sink).register(registry).increment(records);
        Timer.builder("idgov_audit_delivery_lag").description("Commit to delivery, oldest record of a batch")
                .tag("sink", sink).register(registry).record(oldestWait);
    }

    void retried(String sink, int records) {
        Counter.builder("idgov_audit_retried").tag("sink", sink).register(registry).increment(records);
    }

    void deadLettered(String sink, int records) {
        Counter.builder("idgov_audit_dead_lettered").tag("sink", sink).register(registry).increment(records);
    }

    /** Records this node committed that its memory queue for the sink did not keep: the background pass delivers them. */
    void leftToBackground(String sink, int records) {
        Counter.builder("idgov_audit_left_to_background")
                .description("Committed records left to the background pass (memory queue full, or dropped after a failed batch)")
                .tag("sink", sink).register(registry).increment(records);
    }

    void backlog(String sink, long waiting) {
        AtomicLong value = backlog.get(sink);
        if (value != null) {
            value.set(waiting);
        }
    }
}

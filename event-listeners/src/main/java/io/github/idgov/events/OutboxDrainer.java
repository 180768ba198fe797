package io.github.idgov.events;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Moves committed audit records from the outbox to the sinks on one thread the factory owns. Each batch is
 * locked (skip-locked, so another node drains other rows), delivered, then deleted in one short transaction;
 * a failed batch is retried with exponential backoff, or dead-lettered when the sink says it never will take it.
 * Delivery is at least once; the file sink drops the duplicates a crash can cause.
 */
final class OutboxDrainer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxDrainer.class);
    /** Hibernate's "skip locked" lock timeout. */
    private static final int SKIP_LOCKED = -2;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final KeycloakSessionFactory factory;
    private final Map<String, AuditSink> sinks;
    private final AuditConfig config;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final AuditMetrics metrics;
    /** Touched only by the drainer thread. */
    private final Map<String, Long> backlogCountedAt = new HashMap<>();

    OutboxDrainer(KeycloakSessionFactory factory, Map<String, AuditSink> sinks, AuditConfig config, AuditMetrics metrics) {
        this.factory = factory;
        this.sinks = sinks;
        this.config = config;
        this.metrics = metrics;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "idgov-audit-drainer");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        long poll = config.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::drainAll, poll, poll, TimeUnit.MILLISECONDS);
    }

    /**
     * Called after a request committed records: drain after the short drain delay instead of at the next poll.
     * The delay lets the records of concurrent requests gather into one batch: draining per commit cost one
     * select, one delete and one backlog count per record and took a tenth of the CPU under load.
     */
    void wake() {
        if (wakePending.compareAndSet(false, true)) {
            executor.schedule(() -> {
                wakePending.set(false);
                drainAll();
            }, config.drainDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void drainAll() {
        for (AuditSink sink : sinks.values()) {
            try {
                int delivered;
                do {
                    delivered = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> drainBatch(session, sink));
                } while (delivered == config.batchSize());
                if (backlogDue(sink)) {
                    metrics.backlog(sink.name(), KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> backlog(session, sink)));
                }
            } catch (RuntimeException e) {
                // the rows stay in the outbox; the next poll tries again
                LOG.errorf(e, "Audit drain to sink '%s' failed", sink.name());
            }
        }
    }

    /** The backlog gauge is refreshed once per poll interval: a count per drain cycle was a query per request. */
    private boolean backlogDue(AuditSink sink) {
        long now = System.nanoTime();
        Long last = backlogCountedAt.get(sink.name());
        if (last != null && now - last < config.pollInterval().toNanos()) {
            return false;
        }
        backlogCountedAt.put(sink.name(), now);
        return true;
    }

    private long backlog(KeycloakSession session, AuditSink sink) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("select count(o) from AuditOutboxEntity o where o.sink = :sink and o.dead = false", Long.class)
                .setParameter("sink", sink.name()).getSingleResult();
    }

    private int drainBatch(KeycloakSession session, AuditSink sink) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        long now = System.currentTimeMillis();
        List<AuditOutboxEntity> rows = em.createQuery("select o from AuditOutboxEntity o where o.sink = :sink"
                        + " and o.dead = false and o.nextAttemptAt <= :now order by o.createdAt, o.id", AuditOutboxEntity.class)
                .setParameter("sink", sink.name())
                .setParameter("now", now)
                .setMaxResults(config.batchSize())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            sink.deliver(rows.stream().map(AuditOutboxEntity::getPayload).toList());
            // one statement for the batch instead of one delete per row
            em.createQuery("delete from AuditOutboxEntity o where o.id in :ids")
                    .setParameter("ids", rows.stream().map(AuditOutboxEntity::getId).toList())
                    .executeUpdate();
            metrics.delivered(sink.name(), rows.size(), Duration.ofMillis(now - rows.get(0).getCreatedAt()));
            return rows.size();
        } catch (AuditSink.DeliveryException e) {
            // a batch may mix fresh rows and rows retried before: each row counts its own attempts
            int retried = 0;
            int dead = 0;
            for (AuditOutboxEntity row : rows) {
                boolean exhausted = config.maxAttempts() > 0 && row.getAttempts() + 1 >= config.maxAttempts();
                if (e.isRetryable() && !exhausted) {
                    row.retryAt(now + backoff(row.getAttempts()).toMillis(), e.getMessage());
                    retried++;
                } else {
                    row.markDead(e.getMessage());
                    dead++;
                }
            }
            if (retried > 0) {
                metrics.retried(sink.name(), retried);
                LOG.warnf("Audit sink '%s': %s; %d records retried with backoff", sink.name(), e.getMessage(), retried);
            }
            if (dead > 0) {
                metrics.deadLettered(sink.name(), dead);
                LOG.errorf("Audit sink '%s': %s; %d records dead-lettered%s (kept in IDGOV_AUDIT_OUTBOX; list and replay them "
                        + "through the admin API)", sink.name(), e.getMessage(), dead,
                        e.isRetryable() ? " after " + config.maxAttempts() + " attempts" : "");
            }
            return 0;
        }
    }

    private Duration backoff(int attempts) {
        Duration delay = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts, 20));
        return delay.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : delay;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}

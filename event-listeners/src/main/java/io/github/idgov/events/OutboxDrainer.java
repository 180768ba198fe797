package io.github.idgov.events;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Moves committed audit records from the outbox to the sinks on one thread the factory owns, two ways:
 * <ul>
 * <li>right after commit, the records this node wrote, from memory: delivered, then their rows deleted in one short
 * transaction (no query to find them: under load that query was most of the drainer's cost);</li>
 * <li>every poll interval, a background pass over the table for everything else (rows whose node crashed or whose
 * local claim ran out, retries, replayed dead letters): each batch locked (skip-locked, so another node drains other
 * rows), delivered, deleted.</li>
 * </ul>
 * A failed batch is retried with exponential backoff by the background pass, or dead-lettered when the sink says it
 * never will take it. Memory only speeds delivery up: the row is the truth until it is deleted, so nothing held in
 * memory can be lost. Delivery is at least once; the file sink drops the duplicates a crash can cause.
 */
final class OutboxDrainer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxDrainer.class);
    /** Hibernate's "skip locked" lock timeout. */
    private static final int SKIP_LOCKED = -2;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** Batches of committed records a sink's memory queue holds before it leaves the rest to the background pass. */
    private static final int LOCAL_BATCHES = 50;

    private final KeycloakSessionFactory factory;
    private final Map<String, AuditSink> sinks;
    private final AuditConfig config;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final AuditMetrics metrics;
    private final OutboxRows outboxRows;
    /** Touched only by the drainer thread. */
    private final Map<String, Long> backlogCountedAt = new HashMap<>();
    /** Per sink: committed records of this node not yet delivered; bounded, the rest waits for the background pass. */
    private final Map<String, LocalRecords> local = new HashMap<>();

    OutboxDrainer(KeycloakSessionFactory factory, Map<String, AuditSink> sinks, AuditConfig config, AuditMetrics metrics,
            OutboxRows outboxRows) {
        this.factory = factory;
        this.outboxRows = outboxRows;
        this.sinks = sinks;
        this.config = config;
        this.metrics = metrics;
        sinks.keySet().forEach(name -> local.put(name, new LocalRecords(LOCAL_BATCHES * config.batchSize())));
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

    /** Records a request of this node committed: delivered after the drain delay, from memory. */
    void committed(List<CommittedRecord> records) {
        for (CommittedRecord record : records) {
            LocalRecords queue = local.get(record.sink());
            if (queue != null && !queue.offer(record)) {
                metrics.leftToBackground(record.sink(), 1);
            }
        }
        wake();
    }

    /**
     * Drain after the short drain delay instead of at the next poll. The delay lets the records of concurrent
     * requests gather into one batch: draining per commit cost a delete per record and a tenth of the CPU under load.
     */
    private void wake() {
        if (wakePending.compareAndSet(false, true)) {
            executor.schedule(() -> {
                wakePending.set(false);
                drainLocal();
            }, config.drainDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Rows were set back to pending (a dead-letter replay): run the background pass now rather than at the next poll. */
    void drainTableSoon() {
        executor.execute(this::drainAll);
    }

    private void drainAll() {
        drainLocal();
        for (AuditSink sink : sinks.values()) {
            try {
                int delivered;
                do {
                    delivered = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> drainBatch(session, sink));
                } while (delivered == config.batchSize());
                sink.idle();
                if (backlogDue(sink)) {
                    metrics.backlog(sink.name(), KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> backlog(session, sink)));
                }
            } catch (RuntimeException e) {
                // the rows stay in the outbox; the next poll tries again
                LOG.errorf(e, "Audit drain to sink '%s' failed", sink.name());
            }
        }
    }

    private void drainLocal() {
        for (AuditSink sink : sinks.values()) {
            LocalRecords queue = local.get(sink.name());
            List<CommittedRecord> batch;
            while (!(batch = queue.take(config.batchSize())).isEmpty()) {
                boolean delivered;
                try {
                    delivered = deliverLocal(sink, batch);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Audit drain to sink '%s' failed", sink.name());
                    delivered = false;
                }
                if (!delivered) {
                    // A sink that just failed would fail the rest too, each after its timeout, holding up the other
                    // sinks; every row is in the outbox, so the background pass takes them over, with backoff.
                    metrics.leftToBackground(sink.name(), queue.clear());
                    break;
                }
            }
        }
    }

    /** False when the sink refused the batch (its rows are then set to retry) and the sink's memory queue should yield. */
    private boolean deliverLocal(AuditSink sink, List<CommittedRecord> batch) {
        long now = System.currentTimeMillis();
        List<String> ids = batch.stream().map(CommittedRecord::rowId).toList();
        try {
            sink.deliver(batch.stream().map(CommittedRecord::payload).toList());
        } catch (AuditSink.DeliveryException e) {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                List<AuditOutboxEntity> rows = em.createQuery("select o from AuditOutboxEntity o where o.id in :ids", AuditOutboxEntity.class)
                        .setParameter("ids", ids)
                        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                        .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                        .getResultList();
                failed(sink, rows, e, now);
            });
            return false;
        }
        KeycloakModelUtils.runJobInTransaction(factory, session -> delete(session, ids));
        metrics.delivered(sink.name(), batch.size(), Duration.ofMillis(now - batch.get(0).createdAt()));
        return true;
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
            delete(session, rows.stream().map(AuditOutboxEntity::getId).toList());
            metrics.delivered(sink.name(), rows.size(), Duration.ofMillis(now - rows.get(0).getCreatedAt()));
            return rows.size();
        } catch (AuditSink.DeliveryException e) {
            failed(sink, rows, e, now);
            return 0;
        }
    }

    /** One statement for the batch instead of one delete per row; plain JDBC when it joins the job's transaction. */
    private void delete(KeycloakSession session, List<String> ids) {
        if (outboxRows.inTransaction()) {
            outboxRows.delete(ids);
            return;
        }
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("delete from AuditOutboxEntity o where o.id in :ids")
                .setParameter("ids", ids)
                .executeUpdate();
    }

    /** A batch may mix fresh rows and rows retried before: each row counts its own attempts. */
    private void failed(AuditSink sink, List<AuditOutboxEntity> rows, AuditSink.DeliveryException e, long now) {
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
    }

    private Duration backoff(int attempts) {
        Duration delay = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts, 20));
        return delay.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : delay;
    }

    /** A bounded queue: what does not fit is left to the background pass (the rows are in the table either way). */
    private static final class LocalRecords {

        private final Queue<CommittedRecord> records = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final int capacity;

        LocalRecords(int capacity) {
            this.capacity = capacity;
        }

        /** False when the queue is full. */
        boolean offer(CommittedRecord record) {
            if (size.incrementAndGet() > capacity) {
                size.decrementAndGet();
                return false;
            }
            records.offer(record);
            return true;
        }

        /** Empties the queue; returns how many records it held. */
        int clear() {
            int cleared = 0;
            while (records.poll() != null) {
                size.decrementAndGet();
                cleared++;
            }
            return cleared;
        }

        List<CommittedRecord> take(int max) {
            List<CommittedRecord> batch = new ArrayList<>(Math.min(max, Math.max(size.get(), 0)));
            CommittedRecord record;
            while (batch.size() < max && (record = records.poll()) != null) {
                size.decrementAndGet();
                batch.add(record);
            }
            return batch;
        }
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

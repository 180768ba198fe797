package io.github.idgov.events;

import io.github.idgov.core.audit.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Writes audit records into the outbox inside the caller's transaction, one row per sink. After commit the rows are
 * handed to this node's drainer, which delivers them from memory; the background pass leaves them alone for the
 * local claim and takes over what this node did not delete by then (it crashed, or its sink failed).
 */
final class AuditOutbox {

    private final Set<String> sinks;
    private final Duration localClaim;
    private final Consumer<List<CommittedRecord>> onCommit;
    private final AuditMetrics metrics;
    private final OutboxRows outboxRows;

    AuditOutbox(Set<String> sinks, Duration localClaim, Consumer<List<CommittedRecord>> onCommit, AuditMetrics metrics,
            OutboxRows outboxRows) {
        this.sinks = sinks;
        this.outboxRows = outboxRows;
        this.localClaim = localClaim;
        this.onCommit = onCommit;
        this.metrics = metrics;
    }

    void enqueue(KeycloakSession session, RealmModel realm, Map<String, Object> record) {
        String payload = Json.canonical(record);
        String recordId = String.valueOf(record.get("id"));
        long now = System.currentTimeMillis();
        long firstAttemptAt = now + localClaim.toMillis();
        List<CommittedRecord> rows = new ArrayList<>(sinks.size());
        for (String sink : sinks) {
            rows.add(new CommittedRecord(UUID.randomUUID().toString(), sink, payload, now));
        }
        if (payload.length() <= AuditOutboxEntity.INLINE_PAYLOAD_MAX && outboxRows.inTransaction()) {
            outboxRows.insert(rows, recordId, realm.getId(), firstAttemptAt);
        } else {
            // a long record (a large object column, which Hibernate writes portably) or no JTA transaction to join
            var em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            for (CommittedRecord row : rows) {
                em.persist(new AuditOutboxEntity(row.rowId(), recordId, row.sink(), realm.getId(), now, firstAttemptAt, payload));
            }
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                metrics.recorded(tag(record.get("principal"), "class"), String.valueOf(record.get("source")),
                        String.valueOf(record.get("type")), String.valueOf(record.get("outcome")));
                onCommit.accept(rows);
            }

            @Override
            protected void rollbackImpl() {
                // the rows went with the transaction
            }
        });
    }

    private static String tag(Object map, String key) {
        Object value = map instanceof Map<?, ?> m ? m.get(key) : null;
        return value == null ? "unknown" : value.toString();
    }
}

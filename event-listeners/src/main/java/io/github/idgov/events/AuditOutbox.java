package io.github.idgov.events;

import io.github.idgov.core.audit.Json;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Writes audit records into the outbox inside the caller's transaction, one row per sink. */
final class AuditOutbox {

    private final Set<String> sinks;
    private final Runnable onCommit;
    private final AuditMetrics metrics;

    AuditOutbox(Set<String> sinks, Runnable onCommit, AuditMetrics metrics) {
        this.sinks = sinks;
        this.onCommit = onCommit;
        this.metrics = metrics;
    }

    void enqueue(KeycloakSession session, RealmModel realm, Map<String, Object> record) {
        String payload = Json.canonical(record);
        String recordId = String.valueOf(record.get("id"));
        long now = System.currentTimeMillis();
        var em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        for (String sink : sinks) {
            em.persist(new AuditOutboxEntity(UUID.randomUUID().toString(), recordId, sink, realm.getId(), now, payload));
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                metrics.recorded(tag(record.get("principal"), "class"), String.valueOf(record.get("source")),
                        String.valueOf(record.get("type")), String.valueOf(record.get("outcome")));
                onCommit.run();
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

package io.github.idgov.events;

import java.util.Set;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Turns one session's events into outbox rows, in the session's transaction. No I/O to a sink here. */
final class AuditEventListener implements EventListenerProvider {

    private final KeycloakSession session;
    private final AuditOutbox outbox;
    private final Set<EventType> excludedTypes;
    private final AuditMetrics metrics;

    AuditEventListener(KeycloakSession session, AuditOutbox outbox, Set<EventType> excludedTypes, AuditMetrics metrics) {
        this.session = session;
        this.outbox = outbox;
        this.excludedTypes = excludedTypes;
        this.metrics = metrics;
    }

    @Override
    public void onEvent(Event event) {
        if (excludedTypes.contains(event.getType())) {
            return; // the operator chose to leave this type out (exclude-types)
        }
        long start = System.nanoTime();
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm != null) {
            outbox.enqueue(session, realm, AuditRecords.fromEvent(session, realm, event));
            metrics.enqueued(false, System.nanoTime() - start);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        long start = System.nanoTime();
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm != null) {
            outbox.enqueue(session, realm, AuditRecords.fromAdminEvent(session, realm, event, includeRepresentation));
            metrics.enqueued(true, System.nanoTime() - start);
        }
    }

    @Override
    public void close() {
        // session-scoped
    }
}

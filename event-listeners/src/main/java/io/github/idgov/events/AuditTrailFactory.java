package io.github.idgov.events;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.LifecycleChange;
import io.github.idgov.core.alerts.Alert;
import io.github.idgov.core.keycloak.AuditTrailProvider;
import io.github.idgov.core.keycloak.AuditTrailProviderFactory;
import io.github.idgov.core.keycloak.PrincipalResolver;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Decisions of the pack, lifecycle facts and anomaly alerts become audit records of realms whose event listeners include the
 * audit listener.
 */
public final class AuditTrailFactory implements AuditTrailProviderFactory {

    private AuditEventListenerFactory listeners;

    @Override
    public AuditTrailProvider create(KeycloakSession session) {
        return new AuditTrailProvider() {
            @Override
            public void decision(RealmModel realm, Decision decision) {
                record(session, realm, decision);
            }

            @Override
            public void lifecycle(RealmModel realm, LifecycleChange change) {
                if (audited(realm)) {
                    listeners.outbox().enqueue(session, realm, AuditRecords.fromLifecycle(realm, change, subject(session, realm, change.principal())));
                }
            }

            @Override
            public void alert(RealmModel realm, Alert alert) {
                if (audited(realm)) {
                    GovernanceRecord subject = subject(session, realm, alert.principal());
                    listeners.outbox().enqueue(session, realm, AuditRecords.fromAlert(realm, alert, subject));
                    String identityClass = subject == null ? "unknown" : subject.identityClass().value();
                    session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                        @Override
                        protected void commitImpl() {
                            listeners.metrics().alerted(alert.kind().value(), identityClass);
                        }

                        @Override
                        protected void rollbackImpl() {
                            // no alert without the event
                        }
                    });
                }
            }

            @Override
            public void close() {
                // session-scoped
            }
        };
    }

    private void record(KeycloakSession session, RealmModel realm, Decision decision) {
        if (audited(realm)) {
            listeners.outbox().enqueue(session, realm, AuditRecords.fromDecision(realm, decision, subject(session, realm, decision.principal())));
        }
    }

    private static boolean audited(RealmModel realm) {
        return realm.getEventsListenersStream().anyMatch(GovernanceContract.AUDIT_LISTENER_ID::equals);
    }

    private static GovernanceRecord subject(KeycloakSession session, RealmModel realm, String username) {
        UserModel user = username == null ? null : session.users().getUserByUsername(realm, username);
        return user == null ? null : PrincipalResolver.resolve(realm, user);
    }

    @Override
    public void init(Config.Scope config) {
        // configured through the audit listener's options
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        listeners = (AuditEventListenerFactory) factory.getProviderFactory(EventListenerProvider.class, GovernanceContract.AUDIT_LISTENER_ID);
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return GovernanceContract.AUDIT_LISTENER_ID;
    }
}

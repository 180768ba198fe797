package io.github.idgov.events;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.keycloak.AuditTrailProvider;
import io.github.idgov.core.keycloak.AuditTrailProviderFactory;
import io.github.idgov.core.keycloak.PrincipalResolver;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Decisions of the pack become audit records of realms whose event listeners include the audit listener. */
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
            public void close() {
                // session-scoped
            }
        };
    }

    private void record(KeycloakSession session, RealmModel realm, Decision decision) {
        if (realm.getEventsListenersStream().noneMatch(GovernanceContract.AUDIT_LISTENER_ID::equals)) {
            return;
        }
        UserModel user = decision.principal() == null ? null : session.users().getUserByUsername(realm, decision.principal());
        GovernanceRecord subject = user == null ? null : PrincipalResolver.resolve(realm, user);
        listeners.outbox().enqueue(session, realm, AuditRecords.fromDecision(realm, decision, subject));
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

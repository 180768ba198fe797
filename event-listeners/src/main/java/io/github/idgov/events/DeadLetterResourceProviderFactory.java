package io.github.idgov.events;

import io.github.idgov.core.keycloak.StatelessProviderFactory;
import java.util.Set;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Registers the dead-letter API at {@code /admin/realms/{realm}/}{@value #ID}. Stateless: the sinks and the drainer
 * belong to the audit listener's factory, looked up per request.
 */
public final class DeadLetterResourceProviderFactory implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider,
        StatelessProviderFactory<AdminRealmResourceProvider> {

    static final String ID = AuditEventListenerFactory.ID;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        ProviderFactory<?> audit = session.getKeycloakSessionFactory().getProviderFactory(EventListenerProvider.class, AuditEventListenerFactory.ID);
        if (audit instanceof AuditEventListenerFactory listener) {
            return new DeadLetterResource(session, realm, auth, adminEvent, listener.sinkNames(), listener::wakeDrainer);
        }
        return new DeadLetterResource(session, realm, auth, adminEvent, Set.of(), () -> { });
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return ID;
    }
}

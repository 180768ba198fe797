package io.github.idgov.admin.review;

import io.github.idgov.admin.index.StatusBasis;
import io.github.idgov.admin.LifecycleListenerFactory;
import io.github.idgov.core.keycloak.StatelessProviderFactory;
import java.time.Clock;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Registers the identity review API at {@code /admin/realms/{realm}/}{@value ReviewApi#PROVIDER_ID} (the provider id
 * is the path, so it cannot carry the pack's {@code idgov-} prefix). Stateless: each request gets a resource with
 * the token gate's lifecycle policy and the sweep's review warning window, looked up from their factories.
 */
public final class IdentityReviewResourceProviderFactory implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider,
        StatelessProviderFactory<AdminRealmResourceProvider> {

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        StatusBasis basis = StatusBasis.of(factory);
        StatusWindows windows = new StatusWindows(basis.warningDays(), basis.inactivity());
        return new IdentityReviewResource(session, realm, auth, adminEvent, LifecycleListenerFactory.policy(factory), windows,
                Clock.systemUTC());
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return ReviewApi.PROVIDER_ID;
    }
}

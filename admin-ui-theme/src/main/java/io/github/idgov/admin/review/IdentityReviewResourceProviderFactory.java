package io.github.idgov.admin.review;

import io.github.idgov.core.Inactivity;
import io.github.idgov.admin.LifecycleListenerFactory;
import io.github.idgov.core.keycloak.StatelessProviderFactory;
import java.time.Clock;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderFactory;
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

    /** Used when the lifecycle listener is not deployed (its own default). */
    private static final int DEFAULT_WARNING_DAYS = 14;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ProviderFactory<?> lifecycle = factory.getProviderFactory(EventListenerProvider.class, LifecycleListenerFactory.ID);
        StatusWindows windows = lifecycle instanceof LifecycleListenerFactory listener
                ? new StatusWindows(listener.reviewWarningDays(), listener.inactivity())
                : new StatusWindows(DEFAULT_WARNING_DAYS, Inactivity.defaults());
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

package io.github.idgov.admin.review;

import io.github.idgov.core.keycloak.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** The review page at {@code /realms/{realm}/}{@value ReviewApi#PROVIDER_ID}{@code /review/} (static files only). */
public final class ReviewPageResourceProviderFactory implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new Provider(session);
    }

    @Override
    public String getId() {
        return ReviewApi.PROVIDER_ID;
    }

    private static final class Provider implements RealmResourceProvider {

        private final KeycloakSession session;

        Provider(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public Object getResource() {
            return new ReviewPageResource(session);
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}

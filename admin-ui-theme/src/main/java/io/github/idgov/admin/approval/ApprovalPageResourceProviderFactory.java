package io.github.idgov.admin.approval;

import io.github.idgov.core.delegation.ApprovalContract;
import io.github.idgov.core.keycloak.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** The approval page and its API at {@code /realms/{realm}/}{@value ApprovalContract#PAGE_PROVIDER_ID}{@code /}. */
public final class ApprovalPageResourceProviderFactory implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new Provider(session);
    }

    @Override
    public String getId() {
        return ApprovalContract.PAGE_PROVIDER_ID;
    }

    private static final class Provider implements RealmResourceProvider {

        private final KeycloakSession session;

        Provider(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public Object getResource() {
            return new ApprovalPageResource(session);
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}

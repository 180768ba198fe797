package io.github.idgov.admin;

import io.github.idgov.admin.approval.ApprovalEntity;
import io.github.idgov.admin.index.IdentityIndexEntity;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the lifecycle tables (the sweep's cluster lease, the review index, agent approvals) with Keycloak's JPA and Liquibase. */
public final class LifecycleEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    static final String ID = "idgov-lifecycle";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(TaskLeaseEntity.class, IdentityIndexEntity.class, ApprovalEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/idgov-lifecycle-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
        // no options
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // stateless
    }

    @Override
    public String getId() {
        return ID;
    }
}

package io.github.idgov.events;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the audit outbox table with Keycloak's JPA and Liquibase (H2, PostgreSQL, any supported database). */
public final class AuditEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    static final String ID = "idgov-audit";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(AuditOutboxEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/idgov-audit-changelog.xml";
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

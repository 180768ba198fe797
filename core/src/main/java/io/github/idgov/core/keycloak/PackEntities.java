package io.github.idgov.core.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Tables of the pack in Keycloak's own database: JPA entities and the Liquibase changelog that creates them, run by
 * Keycloak at start-up like its own (H2, PostgreSQL). Stateless, so the factory is its own provider.
 */
public abstract class PackEntities implements JpaEntityProviderFactory, JpaEntityProvider {

    private final String id;
    private final String changelog;
    private final List<Class<?>> entities;

    protected PackEntities(String id, String changelog, Class<?>... entities) {
        this.id = id;
        this.changelog = changelog;
        this.entities = List.of(entities);
    }

    @Override
    public final JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public final List<Class<?>> getEntities() {
        return entities;
    }

    @Override
    public final String getChangelogLocation() {
        return changelog;
    }

    @Override
    public final String getFactoryId() {
        return id;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final void init(Config.Scope config) {
        // no options
    }

    @Override
    public final void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public final void close() {
        // stateless
    }
}

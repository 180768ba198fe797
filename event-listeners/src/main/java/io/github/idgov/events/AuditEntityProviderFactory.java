package io.github.idgov.events;

import io.github.idgov.core.keycloak.PackEntities;

/** Registers the audit outbox table with Keycloak's JPA and Liquibase (H2, PostgreSQL, any supported database). */
public final class AuditEntityProviderFactory extends PackEntities {

    static final String ID = "idgov-audit";

    public AuditEntityProviderFactory() {
        super(ID, "META-INF/idgov-audit-changelog.xml", AuditOutboxEntity.class);
    }
}

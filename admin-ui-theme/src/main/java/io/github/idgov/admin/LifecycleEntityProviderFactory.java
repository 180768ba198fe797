package io.github.idgov.admin;

import io.github.idgov.admin.approval.ApprovalEntity;
import io.github.idgov.admin.index.IdentityIndexEntity;
import io.github.idgov.core.keycloak.PackEntities;

/** Registers the lifecycle tables (the sweep's cluster lease, the review index, agent approvals) with Keycloak's JPA and Liquibase. */
public final class LifecycleEntityProviderFactory extends PackEntities {

    static final String ID = "idgov-lifecycle";

    public LifecycleEntityProviderFactory() {
        super(ID, "META-INF/idgov-lifecycle-changelog.xml", TaskLeaseEntity.class, IdentityIndexEntity.class, ApprovalEntity.class);
    }
}

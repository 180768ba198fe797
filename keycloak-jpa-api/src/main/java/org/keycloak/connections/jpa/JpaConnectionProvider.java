/*
 * Signature copy of Keycloak's interface (Apache License 2.0, Copyright Red Hat, Inc. and/or its affiliates),
 * for compiling against keycloak-model-jpa 26.7.3 where its POM cannot be resolved. Not packaged.
 */
package org.keycloak.connections.jpa;

import jakarta.persistence.EntityManager;
import org.keycloak.provider.Provider;

public interface JpaConnectionProvider extends Provider {

    EntityManager getEntityManager();
}

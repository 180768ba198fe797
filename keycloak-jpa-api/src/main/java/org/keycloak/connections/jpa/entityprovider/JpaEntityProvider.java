/*
 * Signature copy of Keycloak's interface (Apache License 2.0, Copyright Red Hat, Inc. and/or its affiliates),
 * for compiling against keycloak-model-jpa 26.7.3 where its POM cannot be resolved. Not packaged.
 */
package org.keycloak.connections.jpa.entityprovider;

import java.util.List;
import org.keycloak.provider.Provider;

public interface JpaEntityProvider extends Provider {

    List<Class<?>> getEntities();

    String getChangelogLocation();

    String getFactoryId();
}

/*
 * Signature copy of Keycloak's interface (Apache License 2.0, Copyright Red Hat, Inc. and/or its affiliates),
 * for compiling against keycloak-model-jpa 26.7.3 where its POM cannot be resolved. Not packaged.
 */
package org.keycloak.connections.jpa;

import java.sql.Connection;
import org.keycloak.provider.ProviderFactory;

public interface JpaConnectionProviderFactory extends ProviderFactory<JpaConnectionProvider> {

    Connection getConnection();

    String getSchema();
}

/*
 * Signature copy of Keycloak's interface (Apache License 2.0, Copyright Red Hat, Inc. and/or its affiliates),
 * for compiling against keycloak-model-storage-private 26.7.3 where its POM cannot be resolved. Not packaged.
 * The real interface extends StorageProviderRealmModel (keycloak-model-storage, same problem), itself a RealmModel;
 * this copy names RealmModel directly, which is all a caller of these methods compiles against.
 */
package org.keycloak.models.cache;

import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

public interface CachedRealmModel extends RealmModel {

    interface RealmCachedEvent extends ProviderEvent {
        CachedRealmModel getRealm();

        KeycloakSession getKeycloakSession();
    }

    RealmModel getDelegateForUpdate();

    void invalidate();

    long getCacheTimestamp();

    ConcurrentHashMap getCachedWith();
}

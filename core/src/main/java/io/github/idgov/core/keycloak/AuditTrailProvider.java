package io.github.idgov.core.keycloak;

import io.github.idgov.core.Decision;
import io.github.idgov.core.LifecycleChange;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Where {@link DecisionLog} and {@link LifecycleLog} send decisions and lifecycle facts, so they become audit
 * records in the request's transaction.
 */
public interface AuditTrailProvider extends Provider {

    void decision(RealmModel realm, Decision decision);

    void lifecycle(RealmModel realm, LifecycleChange change);
}

package io.github.idgov.core.keycloak;

import io.github.idgov.core.Decision;
import io.github.idgov.core.LifecycleChange;
import io.github.idgov.core.alerts.Alert;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Where {@link DecisionLog}, {@link LifecycleLog} and {@link AlertLog} send decisions, lifecycle facts and alerts, so they become audit
 * records in the request's transaction.
 */
public interface AuditTrailProvider extends Provider {

    void decision(RealmModel realm, Decision decision);

    void lifecycle(RealmModel realm, LifecycleChange change);

    void alert(RealmModel realm, Alert alert);
}

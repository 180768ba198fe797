package io.github.idgov.core.keycloak;

import io.github.idgov.core.Decision;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Records a decision through {@link DecisionLog} in a transaction of its own, for decisions whose request then
 * fails: a refused token request rolls its transaction back, yet the refusal happened and must be recorded (the
 * same reason Keycloak sends error events in their own transaction).
 */
public final class DetachedDecisions {

    private DetachedDecisions() {
    }

    public static void record(KeycloakSession session, RealmModel realm, Decision decision) {
        String realmId = realm.getId();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), session.getContext(), inner -> {
            RealmModel innerRealm = inner.realms().getRealm(realmId);
            DecisionLog.record(inner, innerRealm != null ? innerRealm : realm, decision);
        });
    }
}

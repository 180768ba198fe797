package io.github.idgov.core.keycloak;

import io.github.idgov.core.alerts.Alert;
import io.github.idgov.core.alerts.AlertContract;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Records an anomaly alert in the transaction of the event that revealed it (an audit record of type
 * {@value AlertContract#RECORD_TYPE} and the {@value AlertContract#METRIC} counter, through the audit trail), and
 * logs it to {@value AlertContract#LOG_CATEGORY} after commit. Never refuses anything.
 */
public final class AlertLog {

    private static final Logger LOG = Logger.getLogger(AlertContract.LOG_CATEGORY);

    private AlertLog() {
    }

    public static void record(KeycloakSession session, RealmModel realm, Alert alert) {
        AuditTrailProvider trail = session.getProvider(AuditTrailProvider.class);
        if (trail != null) {
            trail.alert(realm, alert);
        }
        String realmName = realm.getName();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                LOG.warnf("alert=%s realm=%s principal=%s summary=\"%s\" evidence=%s", alert.kind().value(), realmName,
                        alert.principal(), alert.summary(), alert.evidence());
            }

            @Override
            protected void rollbackImpl() {
                // the event did not happen
            }
        });
    }
}

package io.github.idgov.core.keycloak;

import io.github.idgov.core.LifecycleChange;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Records what happened to an identity (created, reclassified, owner changed, disabled, credential rotated,
 * reviewed, …) in the transaction that made it happen: a rolled-back change leaves no record. Logged to the
 * {@value #CATEGORY} category after commit.
 */
public final class LifecycleLog {

    public static final String CATEGORY = "io.github.idgov.lifecycle";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private LifecycleLog() {
    }

    public static void record(KeycloakSession session, RealmModel realm, LifecycleChange change) {
        AuditTrailProvider trail = session.getProvider(AuditTrailProvider.class);
        if (trail != null) {
            trail.lifecycle(realm, change);
        }
        String realmName = realm.getName();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                LOG.infof("lifecycle=%s realm=%s principal=%s by=%s details=%s", change.event().name(), realmName,
                        change.principal(), change.by(), change.details());
            }

            @Override
            protected void rollbackImpl() {
                // the change did not happen
            }
        });
    }
}

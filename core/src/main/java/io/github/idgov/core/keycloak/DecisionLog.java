package io.github.idgov.core.keycloak;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Records the pack's policy decisions once the request's transaction commits (a rolled-back request
 * decided nothing). Written to the {@value #CATEGORY} log category until the audit pipeline carries them.
 */
public final class DecisionLog {

    public static final String CATEGORY = "io.github.idgov.decision";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private DecisionLog() {
    }

    /** A rule that enforce mode would apply, let through because the realm is in monitor mode. */
    public static void wouldDeny(KeycloakSession session, RealmModel realm, String principal, String policy, String reason) {
        String realmName = realm.getName();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                LOG.warnf("decision=would-deny realm=%s principal=%s policy=%s reason=\"%s\"", realmName, principal, policy, reason);
            }

            @Override
            protected void rollbackImpl() {
                // the change did not happen: nothing was decided
            }
        });
    }
}

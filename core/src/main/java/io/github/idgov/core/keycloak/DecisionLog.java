package io.github.idgov.core.keycloak;

import io.github.idgov.core.Decision;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Records the pack's policy decisions once the request's transaction commits (a rolled-back request decided
 * nothing). The one entry point every control uses: the audit pipeline writes them to its outbox in the
 * request's transaction; they are also logged to the {@value #CATEGORY} category after commit.
 */
public final class DecisionLog {

    public static final String CATEGORY = "io.github.idgov.decision";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private DecisionLog() {
    }

    public static void record(KeycloakSession session, RealmModel realm, Decision decision) {
        AuditTrailProvider trail = session.getProvider(AuditTrailProvider.class);
        if (trail != null) {
            trail.decision(realm, decision); // in this transaction: rolled back with it
        }
        String realmName = realm.getName();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                LOG.warnf("decision=%s realm=%s principal=%s policy=%s reason=\"%s\"", decision.result().value(),
                        realmName, decision.principal(), decision.policy(), decision.reason());
            }

            @Override
            protected void rollbackImpl() {
                // the change did not happen: nothing was decided
            }
        });
    }

    /** A rule that enforce mode would apply, let through because the realm is in monitor mode. */
    public static void wouldDeny(KeycloakSession session, RealmModel realm, String principal, String policy, String reason) {
        record(session, realm, new Decision(principal, policy, Decision.Result.WOULD_DENY, reason));
    }
}

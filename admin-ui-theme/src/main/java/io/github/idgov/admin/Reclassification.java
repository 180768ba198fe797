package io.github.idgov.admin;

import io.github.idgov.core.Autonomy;
import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.ReviewStatus;
import io.github.idgov.core.alerts.Alert;
import io.github.idgov.core.alerts.AlertKind;
import io.github.idgov.core.keycloak.AlertLog;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Detects a reclassification (a new {@code identity_class}, or a raised {@code identity_autonomy}) made through the
 * user profile (admin REST API, admin console): the user-profile validator snapshots the class and autonomy as
 * stored before the update, and the admin event of the update compares them with what was written. A
 * reclassification records {@code reclassified} (from, to, by) and sets {@code identity_review_status=review-required}
 * and {@code identity_reclassified_at}; the token gate then refuses tokens until a review later than that instant.
 */
final class Reclassification {

    static final String REVIEW_REQUIRED = ReviewStatus.REVIEW_REQUIRED.value();
    static final String POLICY = "lifecycle-reclassified";
    private static final String SNAPSHOT = "idgov.reclassification.before.";

    record Snapshot(IdentityClass identityClass, Autonomy autonomy) {

        String describe() {
            return identityClass.value() + (autonomy == null ? "" : " (autonomy " + autonomy.value() + ")");
        }
    }

    private Reclassification() {
    }

    /** Called while the update is validated, before anything is written; the first snapshot of a request wins. */
    static void before(KeycloakSession session, RealmModel realm, UserModel user) {
        String key = SNAPSHOT + user.getId();
        if (session.getAttribute(key) == null) {
            session.setAttribute(key, snapshot(PrincipalResolver.resolve(realm, user)));
        }
    }

    /** Called on the admin event of the update, in the same transaction, after the new values are written. */
    static void after(KeycloakSession session, RealmModel realm, UserModel user, String by, Clock clock) {
        Snapshot before = session.getAttribute(SNAPSHOT + user.getId(), Snapshot.class);
        session.removeAttribute(SNAPSHOT + user.getId());
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (before == null || !mode.isOn()) {
            return;
        }
        Snapshot now = snapshot(PrincipalResolver.resolve(realm, user));
        boolean classChanged = now.identityClass() != before.identityClass();
        boolean autonomyRaised = before.autonomy() != null && now.autonomy() != null
                && now.autonomy().ordinal() > before.autonomy().ordinal();
        if (!classChanged && !autonomyRaised) {
            return;
        }
        String at = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        user.setSingleAttribute(GovernanceAttribute.RECLASSIFIED_AT.attributeName(), at);
        user.setSingleAttribute(GovernanceAttribute.REVIEW_STATUS.attributeName(), REVIEW_REQUIRED);
        DecisionLog.record(session, realm, new Decision(user.getUsername(), POLICY, Decision.denialIn(mode),
                user.getUsername() + ": reclassified from " + before.describe() + " to " + now.describe() + " by " + by
                        + " at " + at + "; review required before tokens are issued again"));
        if (autonomyRaised) {
            AlertLog.record(session, realm, new Alert(AlertKind.PRIVILEGE_ESCALATION, user.getUsername(),
                    user.getUsername() + ": autonomy raised from " + before.autonomy().value() + " to " + now.autonomy().value() + " by " + by,
                    Map.of("by", by, "change", "autonomy raised", "identity_autonomy", Map.of("from", before.autonomy().value(),
                            "to", now.autonomy().value()))));
        }
    }

    private static Snapshot snapshot(GovernanceRecord record) {
        return new Snapshot(record.identityClass(), record.autonomy());
    }
}

package io.github.idgov.admin;

import io.github.idgov.admin.index.IdentityIndex;
import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.ReviewStatus;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What happens, right away, to the identities a person owns or sponsors when that person is disabled or deleted:
 * {@code suspend} disables them (enforce mode; in monitor mode it is recorded as would-deny and they are flagged),
 * {@code flag} keeps them and marks them {@code identity_review_status=orphaned}. Either way each dependent gets a
 * decision, and the token gate refuses orphans in enforce mode regardless.
 */
final class OrphanCascade {

    enum Mode {
        SUSPEND, FLAG;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Mode> parse(String raw) {
            if (raw == null) {
                return Optional.empty();
            }
            for (Mode mode : values()) {
                if (mode.value().equals(raw.trim())) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    /** Realm attribute that overrides the server-wide cascade for one realm. */
    static final String REALM_ATTRIBUTE = "idgov.orphan-cascade";
    static final String ORPHANED = ReviewStatus.ORPHANED.value();
    static final String POLICY = "lifecycle-orphan";

    private OrphanCascade() {
    }

    /**
     * @param person  the person being disabled or deleted (still readable)
     * @param what    "disabled" or "deleted", for the reason
     */
    static void apply(KeycloakSession session, RealmModel realm, UserModel person, String what, Mode serverDefault) {
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn() || PrincipalResolver.resolve(realm, person).identityClass() != IdentityClass.HUMAN) {
            return;
        }
        Mode cascade = OrphanCascade.Mode.parse(realm.getAttribute(REALM_ATTRIBUTE)).orElse(serverDefault);
        Map<String, UserModel> dependents = new LinkedHashMap<>();
        for (GovernanceAttribute role : new GovernanceAttribute[] {GovernanceAttribute.OWNER, GovernanceAttribute.SPONSOR}) {
            session.users().searchForUserByUserAttributeStream(realm, role.attributeName(), person.getUsername())
                    .filter(u -> !u.getId().equals(person.getId()))
                    .forEach(u -> dependents.putIfAbsent(u.getId(), u));
        }
        for (UserModel dependent : dependents.values()) {
            String reason = dependent.getUsername() + ": owner or sponsor " + person.getUsername() + " was " + what + "; ";
            if (cascade == Mode.SUSPEND && mode == GovernanceMode.ENFORCE) {
                if (!dependent.isEnabled()) {
                    continue;
                }
                dependent.setEnabled(false);
                session.sessions().removeUserSessions(realm, dependent);
                IdentityIndex.refresh(session, realm, dependent, LifecycleListenerFactory.policy(session.getKeycloakSessionFactory()));
                DecisionLog.record(session, realm, new Decision(dependent.getUsername(), POLICY, Decision.Result.DENY,
                        reason + "suspended (disabled, sessions revoked)"));
                IdentityChanges.disabledBySystem(session, realm, dependent, POLICY);
            } else {
                if (ORPHANED.equals(dependent.getFirstAttribute(GovernanceAttribute.REVIEW_STATUS.attributeName()))) {
                    continue;
                }
                dependent.setSingleAttribute(GovernanceAttribute.REVIEW_STATUS.attributeName(), ORPHANED);
                DecisionLog.record(session, realm, new Decision(dependent.getUsername(), POLICY, Decision.denialIn(mode),
                        reason + (cascade == Mode.SUSPEND ? "would be suspended; " : "") + "flagged orphaned"));
            }
        }
    }
}

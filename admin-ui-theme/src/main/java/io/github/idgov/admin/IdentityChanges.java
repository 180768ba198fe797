package io.github.idgov.admin;

import io.github.idgov.core.GovernanceSnapshot;
import io.github.idgov.core.LifecycleChange;
import io.github.idgov.core.LifecycleEvent;
import io.github.idgov.core.alerts.Alert;
import io.github.idgov.core.alerts.AlertKind;
import io.github.idgov.core.keycloak.AlertLog;
import io.github.idgov.core.keycloak.LifecycleLog;
import io.github.idgov.core.keycloak.RealmGovernance;
import java.util.Map;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Lifecycle records of admin changes to an identity, with who made them: the user-profile validator snapshots
 * the governance attributes and enabled flag as stored before an update, and the update's admin event compares
 * them with what was written. Creation, deletion and credential changes are recorded as they happen.
 */
final class IdentityChanges {

    /** Who acted when no person did: the pack's sweeps, imports, federation. */
    static final String SYSTEM = "system";
    private static final String SNAPSHOT = "idgov.lifecycle.before.";
    private static final String DELETED = "idgov.lifecycle.deleted.";

    private IdentityChanges() {
    }

    /** Called while an update is validated, before anything is written; the first snapshot of a request wins. */
    static void before(KeycloakSession session, UserModel user) {
        String key = SNAPSHOT + user.getId();
        if (session.getAttribute(key) == null) {
            session.setAttribute(key, snapshot(user));
        }
    }

    /** Called on the admin event of the update, in its transaction, after the new values are written. */
    static void updated(KeycloakSession session, RealmModel realm, UserModel user, String by) {
        GovernanceSnapshot before = session.getAttribute(SNAPSHOT + user.getId(), GovernanceSnapshot.class);
        session.removeAttribute(SNAPSHOT + user.getId());
        if (before == null || !RealmGovernance.mode(realm).isOn()) {
            return;
        }
        GovernanceSnapshot.changes(before, snapshot(user), user.getUsername(), by)
                .forEach(change -> LifecycleLog.record(session, realm, change));
    }

    static void created(KeycloakSession session, RealmModel realm, UserModel user, String by) {
        record(session, realm, LifecycleEvent.IDENTITY_CREATED, user, by, snapshot(user).describe());
    }

    /**
     * Called before a user is removed, however it is removed. A deletion through the admin REST API waits for
     * its admin event, which names the administrator ({@link #deletedBy}); any other (partial import, federation,
     * the pack's cascade) is recorded now, as the caller's or the system's.
     */
    static void deleted(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!RealmGovernance.mode(realm).isOn()) {
            return;
        }
        LifecycleChange change = new LifecycleChange(LifecycleEvent.IDENTITY_DELETED, user.getUsername(), SYSTEM,
                snapshot(user).describe());
        if (isAdminDeletionOf(session, user)) {
            session.setAttribute(DELETED + user.getId(), change);
        } else {
            LifecycleLog.record(session, realm, withBy(change, requester(session)));
        }
    }

    /** The admin event of a deletion: the waiting record, with the administrator who made it. */
    static void deletedBy(KeycloakSession session, RealmModel realm, String userId, String by) {
        LifecycleChange pending = session.getAttribute(DELETED + userId, LifecycleChange.class);
        if (pending != null) {
            session.removeAttribute(DELETED + userId);
            LifecycleLog.record(session, realm, withBy(pending, by));
        }
    }

    private static boolean isAdminDeletionOf(KeycloakSession session, UserModel user) {
        HttpRequest request = session.getContext().getHttpRequest();
        if (request == null || !"DELETE".equals(request.getHttpMethod()) || request.getUri() == null) {
            return false;
        }
        String path = request.getUri().getPath();
        return path.contains("/admin/realms/") && path.endsWith("/users/" + user.getId());
    }

    private static String requester(KeycloakSession session) {
        UserModel caller = session.getContext().getUser();
        return caller == null ? SYSTEM : caller.getUsername();
    }

    private static LifecycleChange withBy(LifecycleChange change, String by) {
        return new LifecycleChange(change.event(), change.principal(), by, change.details());
    }

    /** The pack itself disabled an identity (expired machine, orphan cascade); {@code policy} says which rule. */
    static void disabledBySystem(KeycloakSession session, RealmModel realm, UserModel user, String policy) {
        record(session, realm, LifecycleEvent.DISABLED, user, SYSTEM, Map.of("policy", policy));
    }

    static void credential(KeycloakSession session, RealmModel realm, UserModel user, LifecycleEvent event,
                           Map<String, Object> details, String by) {
        record(session, realm, event, user, by, details);
        if (RealmGovernance.mode(realm).isOn() && event != LifecycleEvent.CREDENTIAL_REMOVED && PrivilegeAlerts.machine(user)) {
            Map<String, Object> evidence = new java.util.LinkedHashMap<>(details);
            evidence.put("by", by);
            evidence.put("change", event.name());
            AlertLog.record(session, realm, new Alert(AlertKind.CREDENTIAL_CHANGE, user.getUsername(),
                    "credential of " + user.getUsername() + " changed (" + event.name() + ") by " + by, evidence));
        }
    }

    private static void record(KeycloakSession session, RealmModel realm, LifecycleEvent event, UserModel user, String by,
                               Map<String, Object> details) {
        if (RealmGovernance.mode(realm).isOn()) {
            LifecycleLog.record(session, realm, new LifecycleChange(event, user.getUsername(), by, details));
        }
    }

    private static GovernanceSnapshot snapshot(UserModel user) {
        return GovernanceSnapshot.of(user.isEnabled(), user::getFirstAttribute);
    }
}

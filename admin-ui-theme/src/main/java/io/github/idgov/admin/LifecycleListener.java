package io.github.idgov.admin;

import java.time.Clock;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Lifecycle events that cannot wait for a sweep, handled in the admin request's own transaction: a person
 * disabled (orphan cascade) and a user reclassified (review required). Deletions arrive as a model event, see
 * {@link LifecycleListenerFactory}.
 */
final class LifecycleListener implements EventListenerProvider {

    private final KeycloakSession session;
    private final OrphanCascade.Mode cascade;
    private final Clock clock;

    LifecycleListener(KeycloakSession session, OrphanCascade.Mode cascade, Clock clock) {
        this.session = session;
        this.cascade = cascade;
        this.clock = clock;
    }

    @Override
    public void onEvent(Event event) {
        // user events change no governance data
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.USER || event.getOperationType() != OperationType.UPDATE) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        String path = event.getResourcePath();
        if (realm == null || path == null || !path.startsWith("users/") || path.indexOf('/', "users/".length()) >= 0) {
            return;
        }
        UserModel user = session.users().getUserById(realm, path.substring("users/".length()));
        if (user == null) {
            return;
        }
        Reclassification.after(session, realm, user, actor(event.getAuthDetails()), clock);
        if (!user.isEnabled()) {
            OrphanCascade.apply(session, realm, user, "disabled", cascade);
        }
    }

    private String actor(AuthDetails auth) {
        if (auth == null || auth.getUserId() == null) {
            return "unknown";
        }
        RealmModel authRealm = session.realms().getRealm(auth.getRealmId());
        UserModel admin = authRealm == null ? null : session.users().getUserById(authRealm, auth.getUserId());
        return admin == null ? auth.getUserId() : admin.getUsername();
    }

    @Override
    public void close() {
        // session-scoped, nothing held
    }
}

package io.github.idgov.admin;

import io.github.idgov.admin.index.IdentityIndex;
import io.github.idgov.admin.index.LastUse;
import io.github.idgov.core.LifecycleEvent;
import io.github.idgov.core.LifecyclePolicy;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Lifecycle events that cannot wait for a sweep, handled in the request's own transaction: a person disabled
 * (orphan cascade), a user reclassified (review required), and the lifecycle records of admin changes and of
 * credentials a user sets up or removes; anomaly alerts about non-human identities ({@link PrivilegeAlerts},
 * {@link UsageAlerts}). Deletions arrive as a model event, see {@link LifecycleListenerFactory}.
 */
final class LifecycleListener implements EventListenerProvider {

    private static final String USERS = "users/";
    private static final String CLIENTS = "clients/";
    private static final String PASSWORD = "password";
    /** User events that create a user or change what the review index holds (the rest leave it as it is). */
    private static final Set<String> INDEXED_USER_EVENTS = Set.of("REGISTER", "UPDATE_PROFILE", "UPDATE_EMAIL",
            "IDENTITY_PROVIDER_FIRST_LOGIN");
    /** Events of Keycloak's client registration service that change a client. */
    private static final Set<String> CLIENT_REGISTRATION_EVENTS = Set.of("CLIENT_REGISTER", "CLIENT_UPDATE");

    private final KeycloakSession session;
    private final OrphanCascade.Mode cascade;
    private final Clock clock;
    private final UsageAlerts.Settings alerts;
    private final LastUse lastUse;

    LifecycleListener(KeycloakSession session, OrphanCascade.Mode cascade, Clock clock, UsageAlerts.Settings alerts, LastUse lastUse) {
        this.session = session;
        this.cascade = cascade;
        this.clock = clock;
        this.alerts = alerts;
        this.lastUse = lastUse;
    }

    /** Credentials a user sets up or removes themself (account console, required actions). */
    @Override
    public void onEvent(Event event) {
        TokenEvent token = TokenEvent.of(session, event);
        if (token != null) {
            UsageAlerts.onEvent(session, token, alerts);
            TokenUse.onEvent(session, token, lastUse);
        }
        if (event.getError() == null && CLIENT_REGISTRATION_EVENTS.contains(event.getType().name())) {
            onClientRegistration(event);
            return;
        }
        if (event.getError() != null || event.getUserId() == null) {
            return;
        }
        LifecycleEvent lifecycle = switch (event.getType().name()) {
            case "UPDATE_PASSWORD" -> LifecycleEvent.CREDENTIAL_ROTATED;
            case "UPDATE_TOTP", "UPDATE_CREDENTIAL" -> LifecycleEvent.CREDENTIAL_ADDED;
            case "REMOVE_TOTP", "REMOVE_CREDENTIAL" -> LifecycleEvent.CREDENTIAL_REMOVED;
            default -> null;
        };
        boolean indexed = INDEXED_USER_EVENTS.contains(event.getType().name());
        if (lifecycle == null && !indexed) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user == null) {
            return;
        }
        if (indexed) {
            IdentityIndex.refresh(session, realm, user, policy());
        }
        if (lifecycle == null) {
            return;
        }
        String type = event.getDetails() == null ? null : event.getDetails().get(Details.CREDENTIAL_TYPE);
        if (type == null) {
            type = event.getType().name().endsWith("PASSWORD") ? PASSWORD : event.getType().name().endsWith("TOTP") ? "otp" : "unknown";
        }
        IdentityChanges.credential(session, realm, user, lifecycle, Map.of("credential_type", type), user.getUsername());
    }

    /**
     * Dynamic client registration (RFC 7591/7592) changes clients without an admin event: its service account is indexed
     * and a changed authentication method or secret is alerted and recorded as for an admin's update.
     */
    private void onClientRegistration(Event event) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        ClientModel client = realm == null || event.getClientId() == null ? null : realm.getClientByClientId(event.getClientId());
        UserModel account = client == null ? null : session.users().getServiceAccount(client);
        if (account != null) {
            IdentityIndex.refresh(session, realm, account, policy());
        }
        if (client != null && "CLIENT_UPDATE".equals(event.getType().name())) {
            UserModel user = event.getUserId() == null ? null : session.users().getUserById(realm, event.getUserId());
            String by = user != null ? user.getUsername() : "client registration of " + client.getClientId();
            ClientCredentialChanges.updated(session, realm, client, account, by);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        String path = event.getResourcePath();
        if (realm == null || path == null) {
            return;
        }
        PrivilegeAlerts.onAdminEvent(session, realm, event, actor(event.getAuthDetails()));
        // a partial import reports each user it adds on the path users/{id}, as a REALM event
        if ((event.getResourceType() == ResourceType.USER || event.getResourceType() == ResourceType.REALM) && path.startsWith(USERS)) {
            onUserEvent(realm, event.getOperationType(), path.substring(USERS.length()).split("/"), event.getAuthDetails());
        } else if (event.getResourceType() == ResourceType.CLIENT && path.startsWith(CLIENTS) && path.indexOf('/', CLIENTS.length()) < 0
                && (event.getOperationType() == OperationType.CREATE || event.getOperationType() == OperationType.UPDATE)) {
            // a service account appears (or changes) with its client, without a user event of its own
            ClientModel client = realm.getClientById(path.substring(CLIENTS.length()));
            UserModel account = client == null ? null : session.users().getServiceAccount(client);
            if (account != null) {
                IdentityIndex.refresh(session, realm, account, policy());
            }
            if (client != null && event.getOperationType() == OperationType.UPDATE) {
                ClientCredentialChanges.updated(session, realm, client, account, actor(event.getAuthDetails()));
            }
        } else if (event.getResourceType() == ResourceType.CLIENT && event.getOperationType() == OperationType.ACTION
                && path.startsWith(CLIENTS) && path.endsWith("/client-secret")) {
            ClientModel client = realm.getClientById(path.substring(CLIENTS.length(), path.length() - "/client-secret".length()));
            if (client != null) {
                ClientCredentialChanges.regenerated(session, client);
            }
            UserModel account = client == null ? null : session.users().getServiceAccount(client);
            if (account != null) {
                IdentityChanges.credential(session, realm, account, LifecycleEvent.CREDENTIAL_ROTATED,
                        Map.of("credential_type", "client-secret"), actor(event.getAuthDetails()));
            }
        }
    }

    /** {@code segments}: the resource path after {@code users/}, e.g. {@code [id]}, {@code [id, reset-password]}. */
    private void onUserEvent(RealmModel realm, OperationType operation, String[] segments, AuthDetails auth) {
        if (segments.length == 1 && operation == OperationType.DELETE) {
            IdentityChanges.deletedBy(session, realm, segments[0], actor(auth)); // the user is gone by now
            return;
        }
        UserModel user = session.users().getUserById(realm, segments[0]);
        if (user == null) {
            return;
        }
        if (segments.length == 1 && operation == OperationType.CREATE) {
            IdentityChanges.created(session, realm, user, actor(auth));
            IdentityIndex.refresh(session, realm, user, policy());
        } else if (segments.length == 1 && operation == OperationType.UPDATE) {
            String by = actor(auth);
            Reclassification.after(session, realm, user, by, clock);
            IdentityChanges.updated(session, realm, user, by);
            if (!user.isEnabled()) {
                OrphanCascade.apply(session, realm, user, "disabled", cascade);
            }
            IdentityIndex.refresh(session, realm, user, policy());
        } else if (segments.length == 2 && operation == OperationType.ACTION && "reset-password".equals(segments[1])) {
            IdentityChanges.credential(session, realm, user, LifecycleEvent.CREDENTIAL_ROTATED,
                    Map.of("credential_type", PASSWORD), actor(auth));
        } else if (segments.length == 3 && operation == OperationType.ACTION && "credentials".equals(segments[1])) {
            // Keycloak reports a removed credential as an ACTION on the credential's path
            IdentityChanges.credential(session, realm, user, LifecycleEvent.CREDENTIAL_REMOVED,
                    Map.of("credential_id", segments[2]), actor(auth));
        }
    }

    private LifecyclePolicy policy() {
        return LifecycleListenerFactory.policy(session.getKeycloakSessionFactory());
    }

    private String actor(AuthDetails auth) {
        if (auth == null || auth.getUserId() == null) {
            return IdentityChanges.SYSTEM;
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

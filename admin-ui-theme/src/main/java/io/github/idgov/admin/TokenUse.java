package io.github.idgov.admin;

import io.github.idgov.admin.index.LastUse;
import io.github.idgov.core.keycloak.RealmGovernance;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keeps the last use of every identity a successful login or token speaks for: the event's user, and the client's
 * service account when the client acted for itself (client credentials) or for a user (an agent's exchange).
 * The sweep finds stale identities from it ({@code Inactivity}).
 */
final class TokenUse {

    private TokenUse() {
    }

    static void onEvent(KeycloakSession session, Event event, LastUse lastUse) {
        if (event.getError() != null || event.getType() == null || !UsageAlerts.TOKEN_EVENTS.contains(event.getType())) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || !RealmGovernance.mode(realm).isOn()) {
            return;
        }
        if (event.getUserId() != null) {
            lastUse.record(session, event.getUserId(), event.getTime());
        }
        boolean clientActed = event.getType() == EventType.CLIENT_LOGIN || event.getType() == EventType.TOKEN_EXCHANGE;
        ClientModel client = !clientActed || event.getClientId() == null ? null : realm.getClientByClientId(event.getClientId());
        if (client != null && client.isServiceAccountsEnabled()) {
            UserModel account = session.users().getServiceAccount(client);
            if (account != null && !account.getId().equals(event.getUserId())) {
                lastUse.record(session, account.getId(), event.getTime());
            }
        }
    }
}

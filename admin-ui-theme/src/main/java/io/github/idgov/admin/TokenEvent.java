package io.github.idgov.admin;

import io.github.idgov.core.keycloak.RealmGovernance;
import io.github.idgov.core.keycloak.ServiceAccounts;
import java.util.Set;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A successful event of a governed realm that handed out a token, with its client and the client's service account
 * looked up once for everything the lifecycle listener does with it ({@link UsageAlerts}, {@link TokenUse}).
 *
 * @param clientAccount the client's service account; null when the client has none (or is unknown)
 */
record TokenEvent(Event event, RealmModel realm, ClientModel client, UserModel clientAccount) {

    /** Events that hand out a token. */
    static final Set<EventType> TYPES = Set.of(EventType.CLIENT_LOGIN, EventType.TOKEN_EXCHANGE, EventType.REFRESH_TOKEN,
            EventType.CODE_TO_TOKEN, EventType.LOGIN, EventType.OAUTH2_DEVICE_CODE_TO_TOKEN, EventType.AUTHREQID_TO_TOKEN);

    /** The event as a token event; null for an error, another type, or a realm that is not governed. */
    static TokenEvent of(KeycloakSession session, Event event) {
        if (event.getError() != null || event.getType() == null || !TYPES.contains(event.getType())) {
            return null;
        }
        RealmModel realm = realm(session, event.getRealmId());
        if (realm == null || !RealmGovernance.mode(realm).isOn()) {
            return null;
        }
        ClientModel client = event.getClientId() == null ? null : client(session, realm, event.getClientId());
        UserModel account = ServiceAccounts.of(session, client); // the exchange's provider and gates looked it up already
        return new TokenEvent(event, realm, client, account);
    }

    /** The request's realm when the event is of it (nearly always): no lookup in the realm cache. */
    private static RealmModel realm(KeycloakSession session, String realmId) {
        RealmModel current = session.getContext().getRealm();
        return current != null && current.getId().equals(realmId) ? current : session.realms().getRealm(realmId);
    }

    /** The request's client when the event names it, else the realm's client of that id. */
    private static ClientModel client(KeycloakSession session, RealmModel realm, String clientId) {
        ClientModel current = session.getContext().getClient();
        return current != null && clientId.equals(current.getClientId()) && realm.getId().equals(current.getRealm().getId())
                ? current : realm.getClientByClientId(clientId);
    }

    /** The client acted itself: for itself (client credentials) or for a user (an agent's exchange). */
    boolean clientActed() {
        return event.getType() == EventType.CLIENT_LOGIN || event.getType() == EventType.TOKEN_EXCHANGE;
    }
}

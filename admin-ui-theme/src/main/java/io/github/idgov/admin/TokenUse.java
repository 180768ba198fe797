package io.github.idgov.admin;

import io.github.idgov.admin.index.LastUse;
import org.keycloak.events.Event;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * Keeps the last use of every identity a successful login or token speaks for: the event's user, and the client's
 * service account when the client acted for itself (client credentials) or for a user (an agent's exchange).
 * The sweep finds stale identities from it ({@code Inactivity}).
 */
final class TokenUse {

    private TokenUse() {
    }

    static void onEvent(KeycloakSession session, TokenEvent token, LastUse lastUse) {
        Event event = token.event();
        if (event.getUserId() != null) {
            lastUse.record(session, event.getUserId(), event.getTime());
        }
        UserModel account = token.clientAccount();
        if (token.clientActed() && account != null && !account.getId().equals(event.getUserId())) {
            lastUse.record(session, account.getId(), event.getTime());
        }
    }
}

package io.github.idgov.core.keycloak;

import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * The service-account user of a client, looked up once per request: one agent's token exchange asks for it in the
 * delegation provider, its mappers, the token-time gates and the event listeners, and each lookup is a query of the
 * user cache. The account is kept on the request's session and dies with it. Nothing kept can answer for a client
 * that no longer has that account: the client's flag is read on every call (disabling service accounts removes the
 * user), a kept account must still link to the client, and a client without an account is asked again each time
 * (its account may be created later in the same request). Callers read the account's attributes, never a cached
 * verdict about them.
 */
public final class ServiceAccounts {

    private ServiceAccounts() {
    }

    /** The client's service-account user; null for no client, a client without service accounts, or no such user. */
    public static UserModel of(KeycloakSession session, ClientModel client) {
        if (client == null || !client.isServiceAccountsEnabled()) {
            return null; // most clients: no lookup at all
        }
        Map<String, UserModel> known = RequestMemo.byValue(session, ServiceAccounts.class);
        UserModel account = known.get(client.getId());
        if (account != null && client.getId().equals(account.getServiceAccountClientLink())) {
            return account;
        }
        account = session.users().getServiceAccount(client);
        if (account == null) {
            known.remove(client.getId());
        } else {
            known.put(client.getId(), account);
        }
        return account;
    }
}

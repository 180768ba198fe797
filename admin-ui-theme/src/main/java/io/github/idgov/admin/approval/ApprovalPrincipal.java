package io.github.idgov.admin.approval;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The principal an approval decision is recorded for: the agent's service-account user (its client id otherwise). */
final class ApprovalPrincipal {

    private ApprovalPrincipal() {
    }

    static String of(KeycloakSession session, RealmModel realm, ClientModel client) {
        UserModel account = client == null || !client.isServiceAccountsEnabled() ? null : session.users().getServiceAccount(client);
        return account != null ? account.getUsername() : (client == null ? "unknown" : client.getClientId());
    }

    static String of(KeycloakSession session, RealmModel realm, String clientId) {
        return of(session, realm, realm.getClientByClientId(clientId));
    }
}

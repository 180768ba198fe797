package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.PrincipalResolver;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Finds whether a client is an AI agent: its service-account user is of class ai-agent (read through the user cache). */
final class Agents {

    private Agents() {
    }

    static Optional<UserModel> serviceAccount(KeycloakSession session, RealmModel realm, ClientModel client) {
        if (client == null || !client.isServiceAccountsEnabled()) {
            return Optional.empty(); // most clients: no lookup at all
        }
        UserModel serviceAccount = session.users().getServiceAccount(client);
        if (serviceAccount == null || PrincipalResolver.resolve(realm, serviceAccount).identityClass() != IdentityClass.AI_AGENT) {
            return Optional.empty();
        }
        return Optional.of(serviceAccount);
    }
}

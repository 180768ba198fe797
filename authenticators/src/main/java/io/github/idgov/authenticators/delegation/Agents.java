package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.ServiceAccounts;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * Finds whether a client is an AI agent: its service-account user is of class ai-agent. The account is looked up once
 * per request ({@link ServiceAccounts}); its class is read from it on every call, so a reclassification is seen at once.
 */
final class Agents {

    private Agents() {
    }

    static Optional<UserModel> serviceAccount(KeycloakSession session, ClientModel client) {
        UserModel serviceAccount = ServiceAccounts.of(session, client);
        if (serviceAccount == null || PrincipalResolver.identityClass(serviceAccount) != IdentityClass.AI_AGENT) {
            return Optional.empty();
        }
        return Optional.of(serviceAccount);
    }
}

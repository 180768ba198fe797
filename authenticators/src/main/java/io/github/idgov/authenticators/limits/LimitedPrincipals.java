package io.github.idgov.authenticators.limits;

import io.github.idgov.authenticators.lifecycle.TokenSubjects;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.PrincipalResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The non-human principals a token request is counted against: every machine the token is for (TokenSubjects) and
 * the requesting client's own service account when that client is a machine (the agent acting for a person, whose
 * token is the person's). Each identity once per request; humans never.
 */
final class LimitedPrincipals {

    /** @param requester true for the requesting client's own service account (the acting agent) */
    record Principal(UserModel user, IdentityClass identityClass, String name, boolean requester) {
    }

    private LimitedPrincipals() {
    }

    static List<Principal> of(KeycloakSession session, RealmModel realm, ClientModel client, List<TokenSubjects.Subject> subjects) {
        Map<String, UserModel> users = new LinkedHashMap<>();
        String requesterId = null;
        if (client != null && client.isServiceAccountsEnabled()) {
            UserModel serviceAccount = session.users().getServiceAccount(client);
            if (serviceAccount != null) {
                requesterId = serviceAccount.getId();
                users.put(requesterId, serviceAccount);
            }
        }
        subjects.forEach(subject -> users.putIfAbsent(subject.user().getId(), subject.user()));
        List<Principal> limited = new ArrayList<>();
        for (UserModel user : users.values()) {
            var record = PrincipalResolver.resolve(realm, user);
            if (record.identityClass().isMachine()) {
                limited.add(new Principal(user, record.identityClass(), record.principal().username(), user.getId().equals(requesterId)));
            }
        }
        return limited;
    }
}

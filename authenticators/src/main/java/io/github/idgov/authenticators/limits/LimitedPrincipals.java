package io.github.idgov.authenticators.limits;

import io.github.idgov.authenticators.lifecycle.TokenSubjects;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.ServiceAccounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * The non-human principals a token request is counted against: every machine the token is for (TokenSubjects) and
 * the requesting client's own service account when that client is an ai-agent (the agent acting for a person, whose
 * token is the person's: the delegating agent of a hybrid principal). A web application's client that happens to
 * have a service account is not counted for its users' logins, which would limit the people, not the machine.
 * Each identity once per request; humans never.
 */
final class LimitedPrincipals {

    /** @param requester true for the requesting client's own service account (the acting agent) */
    record Principal(UserModel user, IdentityClass identityClass, String name, boolean requester) {
    }

    private LimitedPrincipals() {
    }

    static List<Principal> of(KeycloakSession session, ClientModel client, List<TokenSubjects.Subject> subjects) {
        Map<String, UserModel> users = new LinkedHashMap<>();
        String requesterId = null;
        UserModel serviceAccount = ServiceAccounts.of(session, client);
        if (serviceAccount != null) {
            requesterId = serviceAccount.getId();
            users.put(requesterId, serviceAccount);
        }
        subjects.forEach(subject -> users.putIfAbsent(subject.user().getId(), subject.user()));
        List<Principal> limited = new ArrayList<>();
        for (UserModel user : users.values()) {
            IdentityClass identityClass = PrincipalResolver.identityClass(user);
            boolean requester = user.getId().equals(requesterId);
            boolean subject = subjects.stream().anyMatch(s -> s.user().getId().equals(user.getId()));
            boolean counted = subject ? identityClass.isMachine() : identityClass == IdentityClass.AI_AGENT;
            if (counted) {
                limited.add(new Principal(user, identityClass, user.getUsername(), requester));
            }
        }
        return limited;
    }
}

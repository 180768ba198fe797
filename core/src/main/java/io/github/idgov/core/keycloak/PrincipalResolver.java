package io.github.idgov.core.keycloak;

import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.GovernanceRecords;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.PrincipalRef;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Resolves any principal (a person, a service-account user, a client) to its governance record. */
public final class PrincipalResolver {

    private PrincipalResolver() {
    }

    public static GovernanceRecord resolve(RealmModel realm, UserModel user) {
        return GovernanceRecords.from(reference(realm, user), user.getAttributes());
    }

    /**
     * The user's identity class, the same as {@code resolve(realm, user).identityClass()} without building the record
     * (every other attribute parsed, the service account's client looked up): the per-token checks that ask only
     * "is it an agent, a machine" run several times on every token.
     */
    public static IdentityClass identityClass(UserModel user) {
        String stored = user.getAttributeStream(GovernanceAttribute.CLASS.attributeName())
                .filter(value -> value != null && !value.isBlank()).findFirst().orElse(null);
        return GovernanceRecords.identityClass(stored, isServiceAccount(user));
    }

    /** A client is governed through its service-account user; a client without one is no principal. */
    public static Optional<GovernanceRecord> resolve(KeycloakSession session, RealmModel realm, ClientModel client) {
        if (!client.isServiceAccountsEnabled()) {
            return Optional.empty();
        }
        return Optional.ofNullable(ServiceAccounts.of(session, client)).map(user -> resolve(realm, user));
    }

    public static PrincipalRef reference(RealmModel realm, UserModel user) {
        String clientId = null;
        String link = user.getServiceAccountClientLink();
        if (link != null) {
            ClientModel client = realm.getClientById(link);
            clientId = client != null ? client.getClientId() : link;
        }
        return new PrincipalRef(user.getId(), user.getUsername(), clientId);
    }

    public static boolean isServiceAccount(UserModel user) {
        return user.getServiceAccountClientLink() != null;
    }
}

package io.github.idgov.core.keycloak;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.GovernanceRecords;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.PrincipalRef;
import io.github.idgov.core.RiskTier;
import io.github.idgov.core.credentials.CredentialSubject;
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
        return GovernanceRecords.identityClass(firstNonBlank(user, GovernanceAttribute.CLASS), isServiceAccount(user));
    }

    /** The user's risk tier, the same as {@code resolve(realm, user).riskTier()} without building the record. */
    public static RiskTier riskTier(UserModel user) {
        String stored = firstNonBlank(user, GovernanceAttribute.RISK_TIER);
        return stored == null ? RiskTier.DEFAULT : AttributeValue.parse(RiskTier.class, stored).orElse(RiskTier.DEFAULT);
    }

    /**
     * A client as the credential policy sees it: through its service account's class and risk tier (read alone, as
     * the gate runs on every token).
     */
    public static CredentialSubject credentialSubject(ClientModel client, UserModel serviceAccount) {
        return new CredentialSubject(client.getClientId(), serviceAccount.getUsername(), identityClass(serviceAccount), riskTier(serviceAccount));
    }

    /** The first stored value that is not blank, as the record reads it; null when there is none. */
    private static String firstNonBlank(UserModel user, GovernanceAttribute attribute) {
        return user.getAttributeStream(attribute.attributeName()).filter(value -> value != null && !value.isBlank()).findFirst().orElse(null);
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

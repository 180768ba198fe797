package io.github.idgov.admin;

import io.github.idgov.core.LifecycleEvent;
import io.github.idgov.core.alerts.Alert;
import io.github.idgov.core.alerts.AlertKind;
import io.github.idgov.core.credentials.CredentialContract;
import io.github.idgov.core.keycloak.AlertLog;
import io.github.idgov.core.keycloak.ClientCredentialSnapshot;
import io.github.idgov.core.keycloak.RealmGovernance;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Credential changes made by a client update (admin REST API, console), read from the update's admin event against
 * the snapshot the credential-policy executor took before the update: the authentication method changed (a
 * {@code credential-change} alert, a downgrade when a key-based method gives way to a shared secret), and the secret
 * replaced, whether by Keycloak's {@code secret-rotation} executor (which rotates an expired secret on update) or by a
 * secret the update carried (a {@code CREDENTIAL_ROTATED} lifecycle record and its alert).
 */
final class ClientCredentialChanges {

    static final String CHANGE_METHOD = "client authentication method changed";

    private ClientCredentialChanges() {
    }

    /** A secret regenerated through the admin API ({@code client-secret}); Keycloak's rotation may have kept the old one. */
    static void regenerated(KeycloakSession session, ClientModel client) {
        ClientCredentialSnapshot.take(session, client.getId()).ifPresent(before -> before.noteRotation(client));
    }

    static void updated(KeycloakSession session, RealmModel realm, ClientModel client, UserModel account, String by) {
        ClientCredentialSnapshot before = ClientCredentialSnapshot.take(session, client.getId()).orElse(null);
        if (before == null) {
            return;
        }
        before.noteRotation(client);
        if (account == null || !RealmGovernance.mode(realm).isOn()) {
            return;
        }
        ClientCredentialSnapshot after = ClientCredentialSnapshot.of(client);
        if (before.methodChanged(after) && PrivilegeAlerts.machine(account)) {
            boolean downgrade = !CredentialContract.SECRET_METHODS.contains(before.method())
                    && CredentialContract.SECRET_METHODS.contains(after.method());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("by", by);
            evidence.put("change", CHANGE_METHOD);
            evidence.put("client", client.getClientId());
            evidence.put("field", CredentialContract.FIELD_AUTHENTICATOR);
            evidence.put("from", before.method());
            evidence.put("to", after.method());
            evidence.put("downgrade", downgrade);
            AlertLog.record(session, realm, new Alert(AlertKind.CREDENTIAL_CHANGE, account.getUsername(),
                    "authentication method of " + client.getClientId() + " changed from " + before.method() + " to " + after.method()
                            + (downgrade ? " (a downgrade to a shared secret)" : "") + " by " + by, evidence));
        }
        if (before.secretChanged(after)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("credential_type", CredentialContract.CLIENT_SECRET);
            details.put("secret", before.secretGenerated(after) ? "generated" : "set by the update");
            IdentityChanges.credential(session, realm, account, LifecycleEvent.CREDENTIAL_ROTATED, details, by);
        }
    }
}

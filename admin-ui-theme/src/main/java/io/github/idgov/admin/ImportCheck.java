package io.github.idgov.admin;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.Enforcement;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRules;
import io.github.idgov.core.Violation;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmDirectory;
import io.github.idgov.core.keycloak.RealmGovernance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Applies the governance rules to a realm being imported (realm import bypasses the user profile). A refusal
 * fails the whole import, naming realm, user and field, so nothing is half-imported.
 */
final class ImportCheck {

    private ImportCheck() {
    }

    static void run(KeycloakSession session, RealmModel realm, GovernanceRules rules) {
        String rawMode = realm.getAttribute(GovernanceContract.REALM_MODE_ATTRIBUTE);
        if (rawMode != null && RealmGovernance.parseMode(rawMode).isEmpty()) {
            throw new ModelException("Realm '" + realm.getName() + "': attribute " + GovernanceContract.REALM_MODE_ATTRIBUTE
                    + ": \"" + rawMode + "\" is not one of: " + AttributeValue.allowed(GovernanceMode.class));
        }
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn()) {
            return;
        }
        RealmDirectory directory = new RealmDirectory(session, realm);
        List<String> refusals = new ArrayList<>();
        session.users().searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "true")).forEach(user -> {
            List<Violation> violations = rules.validate(user.getAttributes(), PrincipalResolver.isServiceAccount(user), directory);
            for (Violation violation : violations) {
                switch (Enforcement.of(mode, violation)) {
                    case REJECT -> refusals.add("user '" + user.getUsername() + "': " + violation.describe());
                    case RECORD -> DecisionLog.wouldDeny(session, realm, user.getUsername(), "governance-attributes",
                            violation.describe());
                    case IGNORE -> { }
                }
            }
        });
        if (!refusals.isEmpty()) {
            throw new ModelException("Realm '" + realm.getName() + "' (identity governance " + mode.value() + "): "
                    + String.join("; ", refusals));
        }
    }
}

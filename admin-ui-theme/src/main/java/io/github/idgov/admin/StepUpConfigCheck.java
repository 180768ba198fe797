package io.github.idgov.admin;

import io.github.idgov.core.StepUpConfigRules;
import io.github.idgov.core.StepUpContract;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Checks step-up settings when an administrator saves them (Keycloak has no validation hook for authenticator
 * configurations): the {@value StepUpContract#STEP_UP_AUTHENTICATOR_ID} configurations of the realm, and the
 * step-up attributes of the client scope or client just created or updated. Admin operations only, never a login.
 */
final class StepUpConfigCheck {

    private StepUpConfigCheck() {
    }

    static List<String> problems(KeycloakSession session, RealmModel realm, AdminEvent event) {
        if (event.getOperationType() != OperationType.CREATE && event.getOperationType() != OperationType.UPDATE) {
            return List.of();
        }
        return switch (event.getResourceType()) {
            case AUTHENTICATOR_CONFIG, AUTH_EXECUTION, AUTH_FLOW -> authenticatorConfigs(session, realm);
            case CLIENT_SCOPE -> clientScope(realm, idAfter(event.getResourcePath(), "client-scopes"));
            case CLIENT -> client(realm, idAfter(event.getResourcePath(), "clients"));
            default -> List.of();
        };
    }

    private static List<String> authenticatorConfigs(KeycloakSession session, RealmModel realm) {
        List<String> problems = new ArrayList<>();
        realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(e -> StepUpContract.STEP_UP_AUTHENTICATOR_ID.equals(e.getAuthenticator()) && e.getAuthenticatorConfig() != null)
                .map(e -> realm.getAuthenticatorConfigById(e.getAuthenticatorConfig()))
                .filter(java.util.Objects::nonNull)
                .distinct()
                .forEach(config -> prefixed(problems, "authenticator config '" + config.getAlias() + "' ("
                        + StepUpContract.STEP_UP_AUTHENTICATOR_ID + ")", check(session, realm, config)));
        return problems;
    }

    private static List<String> check(KeycloakSession session, RealmModel realm, AuthenticatorConfigModel config) {
        return StepUpConfigRules.authenticatorProblems(config.getConfig(),
                name -> realm.getClientScopesStream().anyMatch(scope -> name.equals(scope.getName())),
                factor -> session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class, factor.authenticatorId()) != null);
    }

    private static List<String> clientScope(RealmModel realm, String id) {
        ClientScopeModel scope = id == null ? null : realm.getClientScopeById(id);
        if (scope == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        prefixed(problems, "client scope '" + scope.getName() + "'", StepUpConfigRules.attributeProblems(
                scope.getAttribute(StepUpContract.LEVEL_ATTRIBUTE), scope.getAttribute(StepUpContract.MAX_AGE_ATTRIBUTE)));
        return problems;
    }

    private static List<String> client(RealmModel realm, String id) {
        ClientModel client = id == null ? null : realm.getClientById(id);
        if (client == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        prefixed(problems, "client '" + client.getClientId() + "'", StepUpConfigRules.attributeProblems(
                client.getAttribute(StepUpContract.LEVEL_ATTRIBUTE), client.getAttribute(StepUpContract.MAX_AGE_ATTRIBUTE)));
        return problems;
    }

    private static void prefixed(List<String> into, String where, List<String> problems) {
        problems.forEach(p -> into.add(where + ": " + p));
    }

    /** The id right after {@code collection} in an admin resource path such as {@code client-scopes/<id>}. */
    private static String idAfter(String path, String collection) {
        if (path == null) {
            return null;
        }
        String[] parts = path.split("/");
        return parts.length >= 2 && collection.equals(parts[0]) ? parts[1] : null;
    }
}

package io.github.idgov.authenticators.stepup;

import io.github.idgov.core.StepUpContract;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;

/**
 * Scopes made sensitive by a step-up step's {@code sensitive-scopes} setting rather than by the scope's attribute.
 * The token gate must know them too: a grant that runs no browser flow (password, refresh, exchange) never meets the
 * step that names them. Every step of every flow of the realm counts, so a copy in an admin's own flow does too
 * (flows and their configurations are in Keycloak's realm cache: no query per token).
 */
final class FlowSensitiveScopes {

    private FlowSensitiveScopes() {
    }

    static Optional<StepUpRequirement> of(RealmModel realm, Collection<? extends ClientScopeModel> scopes) {
        if (scopes.isEmpty()) {
            return Optional.empty();
        }
        return realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(execution -> StepUpContract.STEP_UP_AUTHENTICATOR_ID.equals(execution.getAuthenticator())
                        && execution.getAuthenticatorConfig() != null)
                .map(execution -> realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig()))
                .filter(Objects::nonNull)
                .map(AuthenticatorConfigModel::getConfig)
                .map(StepUpSettings::from)
                .flatMap(settings -> scopes.stream().map(ClientScopeModel::getName).filter(settings.sensitiveScopes()::contains)
                        .map(settings::requirementFor))
                .reduce(StepUpRequirement::strictest);
    }
}

package io.github.idgov.authenticators.stepup;

import io.github.idgov.core.StepUpContract;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.cache.CachedRealmModel;

/**
 * Scopes made sensitive by a step-up step's {@code sensitive-scopes} setting rather than by the scope's attribute.
 * The token gate must know them too: a grant that runs no browser flow (password, refresh, exchange) never meets the
 * step that names them. Every step of every flow of the realm counts, so a copy in an admin's own flow does too.
 * <p>
 * Reading every flow's steps on each token request is work the answer rarely needs: the scope → requirement map is
 * kept with Keycloak's cached realm ({@link CachedRealmModel#getCachedWith()}). Flows, steps and their configurations
 * are part of that cached realm, so any change to them invalidates it (on every node of a cluster) and with it this
 * map; the next request reads the flows again. Without the realm cache (disabled) it is read every time. (A request
 * that itself changed the realm still sees the map of the realm as cached before; the gate runs in token requests,
 * which change no flow.)
 */
final class FlowSensitiveScopes {

    /** Key of the map in the cached realm's store. */
    static final String CACHE_KEY = "idgov.step-up.flow-sensitive-scopes";

    private FlowSensitiveScopes() {
    }

    static Optional<StepUpRequirement> of(RealmModel realm, Collection<? extends ClientScopeModel> scopes) {
        if (scopes.isEmpty()) {
            return Optional.empty();
        }
        Map<String, StepUpRequirement> sensitive = sensitiveScopes(realm);
        return scopes.stream().map(ClientScopeModel::getName).map(sensitive::get).filter(Objects::nonNull)
                .reduce(StepUpRequirement::strictest);
    }

    @SuppressWarnings("unchecked")
    static Map<String, StepUpRequirement> sensitiveScopes(RealmModel realm) {
        if (realm instanceof CachedRealmModel cached) {
            return (Map<String, StepUpRequirement>) cached.getCachedWith().computeIfAbsent(CACHE_KEY, key -> read(realm));
        }
        return read(realm);
    }

    /** Each scope named by a step-up step, with the strictest requirement of the steps naming it. */
    private static Map<String, StepUpRequirement> read(RealmModel realm) {
        Map<String, StepUpRequirement> sensitive = new HashMap<>();
        realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(execution -> StepUpContract.STEP_UP_AUTHENTICATOR_ID.equals(execution.getAuthenticator())
                        && execution.getAuthenticatorConfig() != null)
                .map(execution -> realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig()))
                .filter(Objects::nonNull)
                .map(AuthenticatorConfigModel::getConfig)
                .map(StepUpSettings::from)
                .forEach(settings -> settings.sensitiveScopes().forEach(scope ->
                        sensitive.merge(scope, settings.requirementFor(scope), StepUpRequirement::strictest)));
        return Map.copyOf(sensitive);
    }
}

package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.delegation.DelegatedLifetime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;

/**
 * A person's interactive login into an ai-agent's own client (authorization code, implicit or hybrid, device) hands
 * the agent a token for that person without an exchange. It is held to what a delegated token is: the requested
 * scopes within the agent's scope grant (assigned, at or below its autonomy tier, never irreversible: the same
 * {@link io.github.idgov.core.delegation.ScopeGrant} as the exchange), no offline access, no refresh token, and a life
 * of at most the delegation's maximum TTL.
 */
final class AgentLogin {

    static final String OFFLINE_REFUSAL = "scope '" + OAuth2Constants.OFFLINE_ACCESS + "' is not granted to an ai-agent:"
            + " its tokens for a person are never refreshed";

    private AgentLogin() {
    }

    /**
     * Why the login's scopes are refused, if they are: offline access (requested, or a default scope of the client),
     * then the first requested scope outside the agent's grant. The claim scopes and {@code openid} carry identity
     * claims only; default scopes are the administrator's assignment and are not re-judged here.
     */
    static Optional<String> scopeProblem(ClientModel client, GovernanceRecord agent, String scopeParameter, boolean offlineRequested) {
        Set<String> requested = requested(scopeParameter);
        if (offlineRequested || requested.contains(OAuth2Constants.OFFLINE_ACCESS)) {
            return Optional.of(OFFLINE_REFUSAL);
        }
        requested.removeAll(AgentScopes.CLAIM_SCOPES);
        AgentScopes scopes = new AgentScopes(client);
        return scopes.grant(scopes.governed(), agent).refusal(requested).map(AgentScopes::describe);
    }

    /** Whether the client hands out offline access without asking (offline_access among its default scopes). */
    static boolean offlineByDefault(ClientModel client) {
        return client.getClientScopes(true).containsKey(OAuth2Constants.OFFLINE_ACCESS);
    }

    private static Set<String> requested(String scopeParameter) {
        Set<String> requested = new LinkedHashSet<>();
        if (scopeParameter != null) {
            Arrays.stream(scopeParameter.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(requested::add);
        }
        requested.remove(OAuth2Constants.SCOPE_OPENID);
        return requested;
    }

    /**
     * What bounding does to one token response.
     *
     * @param withholdsRefreshToken a refresh token was built and is taken out
     * @param expiry                the access token's expiry after bounding (epoch seconds)
     * @param capsExpiry            the expiry is lowered to the delegation's maximum
     */
    record Bounds(boolean withholdsRefreshToken, long expiry, boolean capsExpiry) {

        static Bounds of(TokenManager.AccessTokenResponseBuilder builder, int maxTtlSeconds) {
            AccessToken token = builder.getAccessToken();
            long capped = DelegatedLifetime.expiry(token.getIat(), Time.currentTime(), null, maxTtlSeconds);
            boolean caps = token.getExp() == null || token.getExp() == 0 || capped < token.getExp();
            return new Bounds(builder.getRefreshToken() != null, caps ? capped : token.getExp(), caps);
        }

        boolean changesSomething() {
            return withholdsRefreshToken || capsExpiry;
        }

        void applyTo(TokenManager.AccessTokenResponseBuilder builder) {
            if (withholdsRefreshToken) {
                builder.removeRefreshToken();
            }
            if (capsExpiry) {
                builder.getAccessToken().exp(expiry);
            }
        }

        String describe() {
            return (withholdsRefreshToken ? "refresh token withheld, " : "no refresh token, ") + "expires at " + expiry
                    + (capsExpiry ? " (capped to the delegation's max TTL)" : "");
        }
    }
}

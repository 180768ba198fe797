package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.delegation.DelegatedLifetime;
import io.github.idgov.core.delegation.ScopeGrant;
import io.github.idgov.core.keycloak.AgentScopes;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

/**
 * A person's interactive login into an ai-agent's own client (authorization code, implicit or hybrid, device) hands
 * the agent a token for that person without an exchange. It is held to what a delegated token is: the requested
 * scopes within the agent's scope grant (assigned, at or below its autonomy tier, never irreversible: the same
 * {@link ScopeGrant} as the exchange), the client's default scopes outside that grant dropped (as the exchange drops
 * what was not asked for), no offline access, no refresh token, and a life of at most the delegation's maximum TTL,
 * for the ID token as for the access token.
 */
final class AgentLogin {

    static final String OFFLINE_REFUSAL = "scope '" + OAuth2Constants.OFFLINE_ACCESS + "' is not granted to an ai-agent:"
            + " its tokens for a person are never refreshed";

    private AgentLogin() {
    }

    /**
     * Why the login's scopes are refused, if they are: offline access (requested, or a default scope of the client),
     * then the first requested scope outside the agent's grant. The claim scopes and {@code openid} carry identity
     * claims only; default scopes nobody asked for are dropped from the token instead ({@link #withinGrant}).
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

    /**
     * Which client scopes a login token of the agent keeps: the claim scopes, and the others the agent's grant allows
     * (assigned, at or below its tier, not irreversible). A default scope above the tier is dropped, not refused: like
     * a scope the agent did not ask for in an exchange; a tier lowered by an administrator narrows every next token.
     */
    static Predicate<String> withinGrant(ClientModel client, GovernanceRecord agent) {
        AgentScopes scopes = new AgentScopes(client);
        Set<String> governed = scopes.governed();
        ScopeGrant grant = scopes.grant(governed, agent);
        return name -> !governed.contains(name) || grant.refusal(Set.of(name)).isEmpty();
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
     * @param capsIdToken           the ID token outlived that expiry and is lowered to it
     * @param dropped               default scopes outside the agent's grant, taken out of the tokens
     */
    record Bounds(boolean withholdsRefreshToken, long expiry, boolean capsExpiry, boolean capsIdToken, Set<String> dropped) {

        static Bounds of(TokenManager.AccessTokenResponseBuilder builder, int maxTtlSeconds, Set<String> dropped) {
            AccessToken token = builder.getAccessToken();
            long capped = DelegatedLifetime.expiry(token.getIat(), Time.currentTime(), null, maxTtlSeconds);
            boolean caps = token.getExp() == null || token.getExp() == 0 || capped < token.getExp();
            long expiry = caps ? capped : token.getExp();
            IDToken idToken = builder.getIdToken();
            boolean capsIdToken = idToken != null && (idToken.getExp() == null || idToken.getExp() == 0 || idToken.getExp() > expiry);
            return new Bounds(builder.getRefreshToken() != null, expiry, caps, capsIdToken, Set.copyOf(dropped));
        }

        boolean changesSomething() {
            return withholdsRefreshToken || capsExpiry || capsIdToken || !dropped.isEmpty();
        }

        void applyTo(TokenManager.AccessTokenResponseBuilder builder) {
            if (withholdsRefreshToken) {
                builder.removeRefreshToken();
            }
            if (capsExpiry) {
                builder.getAccessToken().exp(expiry);
            }
            if (capsIdToken) {
                builder.getIdToken().exp(expiry); // the ID token says no more, and for no longer, than the access token
            }
        }

        String describe() {
            return (withholdsRefreshToken ? "refresh token withheld, " : "no refresh token, ") + "expires at " + expiry
                    + (capsExpiry ? " (capped to the delegation's max TTL)" : "")
                    + (capsIdToken ? ", ID token too" : "")
                    + (dropped.isEmpty() ? "" : ", default scopes outside the agent's grant dropped: " + String.join(" ", new java.util.TreeSet<>(dropped)));
        }
    }
}

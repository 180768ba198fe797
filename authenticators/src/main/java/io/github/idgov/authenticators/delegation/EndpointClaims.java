package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.keycloak.AgentScopes;
import io.github.idgov.core.keycloak.NarrowedTokens;
import io.github.idgov.core.keycloak.RealmGovernance;
import io.github.idgov.core.keycloak.ResolvedRoles;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.util.DefaultClientSessionContext;

/**
 * Userinfo and introspection of a token an ai-agent holds for a person show what that token carries. Keycloak
 * rebuilds their claims from the token's scope plus every default scope of the client, so a default scope the token
 * left out (a person's login into the agent's client, a delegated exchange, a token on an approval) would bring its
 * claims, audiences and roles back there. Here they are rebuilt once more on the scopes the token kept, with
 * Keycloak's restricted-scope context, as {@link NarrowedTokens} does when the token is issued.
 */
final class EndpointClaims {

    enum Endpoint { USERINFO, INTROSPECTION }

    /** Marks the context of the rebuild: the mappers it runs (the act mapper among them) do not rebuild again. */
    static final String REBUILT = "idgov.endpoint-claims.rebuilt";

    private EndpointClaims() {
    }

    /**
     * Replaces the claims {@code shown} got from all the mappers of {@code context} with those of the kept scopes.
     *
     * @param served the token the request is about (the agent's, for this person), if it could be read
     */
    static void narrow(Endpoint endpoint, KeycloakSession session, AccessToken shown, Optional<AccessToken> served,
                       UserSessionModel userSession, ClientSessionContext context, GovernanceRecord agent) {
        if (context.getAttribute(REBUILT, Boolean.class) != null) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = context.getClientSession();
        ClientModel client = clientSession.getClient();
        // exchange and approval narrow in every governed mode; a login only in enforce (monitor names what it would drop)
        boolean askedFor = served.map(token -> grantType(session, token)).filter(grant -> grant.equals(OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE)
                || grant.equals(OAuth2Constants.CIBA_GRANT_TYPE)).isPresent();
        GovernanceMode mode = RealmGovernance.mode(client.getRealm());
        if (!(mode == GovernanceMode.ENFORCE || (mode.isOn() && askedFor))) {
            return;
        }
        Predicate<ClientScopeModel> keep = keep(client, agent, served.map(AccessToken::getScope), askedFor);
        Set<ClientScopeModel> all = context.getClientScopesStream().collect(Collectors.toSet());
        Set<ClientScopeModel> kept = all.stream().filter(keep).collect(Collectors.toSet());
        if (kept.size() == all.size()) {
            return;
        }
        Set<String> keptNames = kept.stream().map(ClientScopeModel::getName).collect(Collectors.toSet());
        ClientSessionContext narrowed = DefaultClientSessionContext.fromClientSessionAndClientScopes(clientSession, kept, keptNames, session);
        narrowed.setAttribute(REBUILT, Boolean.TRUE);
        AccessToken original = served.orElse(shown);
        ResolvedRoles.forget(session, clientSession); // the full context's roles, cached by the endpoint's own mappers
        TokenManager tokens = new TokenManager();
        AccessToken fresh = endpoint == Endpoint.USERINFO
                ? tokens.transformUserInfoAccessToken(session, new AccessToken(), original, userSession, narrowed)
                : tokens.transformIntrospectionAccessToken(session, stored(original), original, userSession, narrowed);
        NarrowedTokens.replaceClaims(shown, fresh);
    }

    /**
     * The scopes the token kept: the client's own mappers, the claim scopes, the scopes its scope claim names; for a
     * login also the scopes never named in a scope claim (roles, web origins) within the agent's grant, which a
     * login keeps unasked, while an exchange or an approval keeps only what was asked for. No token to read (an
     * administrator's mapper evaluation): what a login keeps.
     */
    private static Predicate<ClientScopeModel> keep(ClientModel client, GovernanceRecord agent, Optional<String> tokenScope, boolean askedFor) {
        Predicate<String> withinGrant = AgentLogin.withinGrant(client, agent);
        if (tokenScope.isEmpty()) {
            return scope -> scope instanceof ClientModel || withinGrant.test(scope.getName());
        }
        Set<String> named = new HashSet<>(Arrays.asList(tokenScope.get().trim().split(" +")));
        return scope -> scope instanceof ClientModel || AgentScopes.CLAIM_SCOPES.contains(scope.getName()) || named.contains(scope.getName())
                || (!askedFor && !scope.isIncludeInTokenScope() && withinGrant.test(scope.getName()));
    }

    /** The claims Keycloak's introspection starts from before its mappers run (what the token itself fixes). */
    private static AccessToken stored(AccessToken token) {
        AccessToken start = new AccessToken();
        start.id(token.getId());
        start.type(token.getType());
        start.subject(token.getSubject());
        start.iat(token.getIat());
        start.exp(token.getExp());
        start.issuedFor(token.getIssuedFor());
        start.issuer(token.getIssuer());
        start.setNonce(token.getNonce());
        start.setScope(token.getScope());
        start.setSessionId(token.getSessionId());
        start.audience(token.getAudience());
        start.setConfirmation(token.getConfirmation());
        return start;
    }

    private static String grantType(KeycloakSession session, AccessToken token) {
        try {
            return session.getProvider(TokenContextEncoderProvider.class).getTokenContextFromTokenId(token.getId()).getGrantType();
        } catch (RuntimeException e) {
            return null; // an id without token context (an older token): read as a login's
        }
    }
}

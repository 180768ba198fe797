package io.github.idgov.core.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.services.util.DefaultClientSessionContext;
import org.keycloak.util.JsonSerialization;

/**
 * Takes client scopes out of a token response Keycloak has already built (a client policy sees the tokens only then):
 * the access token is built again on the kept scopes, with Keycloak's restricted-scope context (the one its token
 * exchange uses to narrow a token), so a dropped scope takes its mappers, audiences and role scope mappings with it,
 * not only its name; the ID token's claims are those of the kept scopes too.
 */
public final class NarrowedTokens {

    /** What the grant put into its client session context that the token builders read. */
    private static final List<String> CARRIED_ATTRIBUTES = List.of(Constants.GRANT_TYPE, OAuth2Constants.RESOURCE,
            OIDCLoginProtocol.NONCE_PARAM, Constants.REQUESTED_AUDIENCE_CLIENTS, "authorization_details_response");

    private NarrowedTokens() {
    }

    /** Keeps the client scopes {@code keep} accepts; returns the names of those dropped (none: the response is unchanged). */
    public static Set<String> narrow(KeycloakSession session, TokenManager.AccessTokenResponseBuilder builder, Predicate<String> keep) {
        ClientSessionContext context = builder.getClientSessionCtx();
        Set<ClientScopeModel> all = context.getClientScopesStream().collect(Collectors.toSet());
        // the client's own mappers (the client is its own scope in the context, named by its possibly empty name) stay
        Set<ClientScopeModel> kept = all.stream().filter(scope -> scope instanceof ClientModel || keep.test(scope.getName()))
                .collect(Collectors.toSet());
        Set<String> dropped = all.stream().filter(scope -> !kept.contains(scope)).map(ClientScopeModel::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        if (dropped.isEmpty()) {
            return dropped;
        }
        AuthenticatedClientSessionModel clientSession = context.getClientSession();
        UserSessionModel userSession = clientSession.getUserSession();
        Set<String> keptNames = new HashSet<>();
        kept.forEach(scope -> keptNames.add(scope.getName()));
        ClientSessionContext narrowed = DefaultClientSessionContext.fromClientSessionAndClientScopes(clientSession, kept, keptNames, session);
        for (String attribute : CARRIED_ATTRIBUTES) {
            Object value = context.getAttribute(attribute, Object.class);
            if (value != null) {
                narrowed.setAttribute(attribute, value);
            }
        }
        ResolvedRoles.forget(session, clientSession); // the full context's roles, cached when the token was first built
        TokenManager tokens = new TokenManager();
        AccessToken before = builder.getAccessToken();
        AccessToken rebuilt = tokens.createClientAccessToken(session, clientSession.getRealm(), clientSession.getClient(),
                userSession.getUser(), userSession, narrowed, context.isOfflineTokenRequested());
        rebuilt.setConfirmation(before.getConfirmation()); // a holder-of-key binding the grant made stays
        rebuilt.setSessionId(before.getSessionId()); // a transient session's token has none
        // narrowing drops scopes, never changes how the person authenticated (e.g. a CIBA approval's step-up evidence)
        rebuilt.setAcr(before.getAcr());
        rebuilt.setAuth_time(before.getAuth_time());
        if (before.getExp() != null && (rebuilt.getExp() == null || rebuilt.getExp() > before.getExp())) {
            rebuilt.exp(before.getExp());
        }
        builder.accessToken(rebuilt);
        IDToken idToken = builder.getIdToken();
        if (idToken != null) {
            IDToken fresh = tokens.responseBuilder(clientSession.getRealm(), clientSession.getClient(), null, session, userSession, narrowed)
                    .accessToken(rebuilt).generateIDToken().getIdToken();
            fresh.setAcr(idToken.getAcr());
            fresh.setAuth_time(idToken.getAuth_time());
            replaceClaims(idToken, fresh);
        }
        return dropped;
    }

    /**
     * The response builder holds its ID token object (there is no setter): its claims become the fresh token's. Mappers
     * write most claims into the other-claims map (even names such as {@code email} that also exist as typed fields),
     * so that map is replaced whole, and the typed fields are set from the fresh token, null where it has none.
     * Also what userinfo and introspection show of an agent's token is replaced so.
     */
    public static void replaceClaims(IDToken target, IDToken source) {
        Map<String, Object> otherClaims = new LinkedHashMap<>(source.getOtherClaims());
        ObjectNode typed = JsonSerialization.mapper.valueToTree(source);
        otherClaims.keySet().forEach(typed::remove);
        target.getOtherClaims().clear(); // what remains serialised is the typed claims
        JsonNode before = JsonSerialization.mapper.valueToTree(target);
        before.fieldNames().forEachRemaining(name -> {
            if (!typed.has(name)) {
                typed.putNull(name); // a typed claim only the old token had
            }
        });
        try {
            JsonSerialization.mapper.readerForUpdating(target).readValue(typed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot narrow the ID token", e);
        }
        target.getOtherClaims().putAll(otherClaims);
    }
}

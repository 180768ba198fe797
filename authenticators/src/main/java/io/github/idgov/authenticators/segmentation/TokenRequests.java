package io.github.idgov.authenticators.segmentation;

import io.github.idgov.authenticators.lifecycle.TokenSubjects;
import io.github.idgov.core.segmentation.EnvironmentTags;
import io.github.idgov.core.segmentation.SegmentTarget;
import io.github.idgov.core.segmentation.SegmentationContract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.context.ImplicitHybridTokenResponse;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.clientpolicy.context.TokenExchangeRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;

/**
 * Who a token request would give a token to, and what for, per client-policy event. Where Keycloak has built the
 * token before the event (every grant but token exchange) the targets are read from the token itself: its client,
 * its {@code aud} (whatever audience mappers or scopes put there) and its {@code scope}. Token exchange has only a
 * request-side event: the requester, the {@code audience} / {@code resource} parameters and the scopes asked.
 */
final class TokenRequests {

    record Principal(UserModel user, TokenSubjects.Role role) {
    }

    record Request(String grant, List<Principal> principals, List<SegmentTarget> targets) {
    }

    /** The events {@link #of} reads a request from: every grant's built token, and an exchange's request. */
    static final Set<ClientPolicyEvent> EVENTS = Set.of(ClientPolicyEvent.TOKEN_RESPONSE,
            ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE, ClientPolicyEvent.TOKEN_REFRESH_RESPONSE,
            ClientPolicyEvent.RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE, ClientPolicyEvent.DEVICE_TOKEN_RESPONSE,
            ClientPolicyEvent.IMPLICIT_HYBRID_TOKEN_RESPONSE, ClientPolicyEvent.BACKCHANNEL_TOKEN_RESPONSE,
            ClientPolicyEvent.TOKEN_EXCHANGE_REQUEST);

    private TokenRequests() {
    }

    static Request of(KeycloakSession session, RealmModel realm, ClientPolicyContext context) {
        ClientModel client = session.getContext().getClient();
        return switch (context.getEvent()) {
            case TOKEN_RESPONSE -> built(realm, client, "authorization_code", ((TokenResponseContext) context).getAccessTokenResponseBuilder());
            case SERVICE_ACCOUNT_TOKEN_RESPONSE ->
                    built(realm, client, "client_credentials", ((ServiceAccountTokenResponseContext) context).getAccessTokenResponseBuilder());
            case TOKEN_REFRESH_RESPONSE -> built(realm, client, "refresh_token", ((TokenRefreshResponseContext) context).getAccessTokenResponseBuilder());
            case RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE ->
                    built(realm, client, "password", ((ResourceOwnerPasswordCredentialsResponseContext) context).getAccessTokenResponseBuilder());
            case DEVICE_TOKEN_RESPONSE -> built(realm, client, "device_code", ((DeviceTokenResponseContext) context).getAccessTokenResponseBuilder());
            case IMPLICIT_HYBRID_TOKEN_RESPONSE ->
                    built(realm, client, "implicit", ((ImplicitHybridTokenResponse) context).getAccessTokenResponseBuilder());
            case BACKCHANNEL_TOKEN_RESPONSE -> built(realm, client, "ciba", ((BackchannelTokenResponseContext) context).getAccessTokenResponseBuilder());
            case TOKEN_EXCHANGE_REQUEST -> exchange(session, realm, (TokenExchangeRequestContext) context);
            default -> null;
        };
    }

    private static Request built(RealmModel realm, ClientModel client, String grant, TokenManager.AccessTokenResponseBuilder builder) {
        if (client == null || builder == null || builder.getAccessToken() == null || builder.getClientSessionCtx() == null) {
            return null;
        }
        AuthenticatedClientSessionModel clientSession = builder.getClientSessionCtx().getClientSession();
        UserSessionModel userSession = clientSession == null ? null : clientSession.getUserSession();
        UserModel user = userSession == null ? null : userSession.getUser();
        if (user == null) {
            return null;
        }
        AccessToken token = builder.getAccessToken();
        List<String> audiences = token.getAudience() == null ? List.of() : Arrays.asList(token.getAudience());
        return new Request(grant, List.of(principal(client, user)),
                targets(realm, client, audiences, tokenScopes(client, builder.getClientSessionCtx(), names(token.getScope()))));
    }

    /**
     * The scopes the token names, taken from those Keycloak resolved for the token (its client session context holds
     * them already); a name outside them is looked up among the client's own scopes.
     */
    private static List<ClientScopeModel> tokenScopes(ClientModel client, ClientSessionContext context, List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, ClientScopeModel> resolved = new HashMap<>();
        context.getClientScopesStream().forEach(scope -> resolved.put(scope.getName(), scope));
        List<ClientScopeModel> scopes = new ArrayList<>(names.size());
        List<String> elsewhere = new ArrayList<>(0);
        for (String name : names) {
            ClientScopeModel scope = resolved.get(name);
            if (scope != null) {
                scopes.add(scope);
            } else {
                elsewhere.add(name);
            }
        }
        scopes.addAll(scopes(client, elsewhere));
        return scopes;
    }

    private static Request exchange(KeycloakSession session, RealmModel realm, TokenExchangeRequestContext context) {
        ClientModel requester = context.getClient();
        if (requester == null) {
            return null;
        }
        List<Principal> principals = new ArrayList<>();
        for (TokenSubjects.Subject subject : TokenSubjects.of(session, realm, context)) {
            principals.add(new Principal(subject.user(), subject.role()));
        }
        var params = context.getTokenExchangeContext().getParams();
        List<String> audiences = new ArrayList<>();
        if (params.getAudience() != null) {
            audiences.addAll(params.getAudience());
        }
        if (params.getResource() != null) {
            audiences.addAll(params.getResource());
        }
        List<ClientScopeModel> scopes = new ArrayList<>(requester.getClientScopes(true).values());
        scopes.addAll(scopes(requester, names(params.getScope())));
        return new Request("token_exchange", principals, targets(realm, requester, audiences, scopes));
    }

    /** The user of the token's session: the client itself when it is the client's service account. */
    private static Principal principal(ClientModel client, UserModel user) {
        boolean own = client.getId().equals(user.getServiceAccountClientLink());
        return new Principal(user, own ? TokenSubjects.Role.CLIENT : TokenSubjects.Role.USER);
    }

    private static List<SegmentTarget> targets(RealmModel realm, ClientModel client, List<String> audiences, List<ClientScopeModel> scopes) {
        List<SegmentTarget> targets = new ArrayList<>();
        targets.add(tagged(SegmentTarget.Kind.CLIENT, client.getClientId(), client::getAttribute));
        for (String audience : new LinkedHashSet<>(audiences)) {
            ClientModel target = audience.equals(client.getClientId()) ? null : realm.getClientByClientId(audience);
            if (target != null) {
                targets.add(tagged(SegmentTarget.Kind.AUDIENCE, target.getClientId(), target::getAttribute));
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (ClientScopeModel scope : scopes) {
            if (seen.add(scope.getId())) {
                targets.add(tagged(SegmentTarget.Kind.SCOPE, scope.getName(), scope::getAttribute));
            }
        }
        return targets;
    }

    /** Reads the two tags one by one: Keycloak's cached models copy the whole attribute map on each getAttributes(). */
    private static SegmentTarget tagged(SegmentTarget.Kind kind, String name, UnaryOperator<String> attribute) {
        return EnvironmentTags.target(kind, name, attribute.apply(SegmentationContract.ENVIRONMENT_ATTRIBUTE),
                attribute.apply(SegmentationContract.ALLOW_FROM_ATTRIBUTE));
    }

    /** The client's scopes (default and optional) that the names denote. Cached models, no query. */
    private static List<ClientScopeModel> scopes(ClientModel client, List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, ClientScopeModel> defaults = client.getClientScopes(true);
        Map<String, ClientScopeModel> optional = null; // built by the cache on each call: only when a name needs it
        List<ClientScopeModel> scopes = new ArrayList<>();
        for (String name : names) {
            ClientScopeModel scope = defaults.get(name);
            if (scope == null) {
                optional = optional == null ? client.getClientScopes(false) : optional;
                scope = optional.get(name);
            }
            if (scope != null) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    /** The scope parameter's names, split on the whitespace {@code \\s} denotes, without a regular expression. */
    static List<String> names(String scope) {
        if (scope == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>(4);
        int start = -1;
        for (int i = 0; i <= scope.length(); i++) {
            boolean space = i == scope.length() || " \t\n\u000B\f\r".indexOf(scope.charAt(i)) >= 0;
            if (space && start >= 0) {
                names.add(scope.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return names;
    }
}

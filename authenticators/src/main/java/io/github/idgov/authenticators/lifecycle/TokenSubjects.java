package io.github.idgov.authenticators.lifecycle;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RequestMemo;
import io.github.idgov.core.keycloak.RequestTokens;
import io.github.idgov.core.keycloak.ServiceAccounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
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
 * The principals a token request would issue a token for, per client-policy event: exactly one event per grant
 * is used, at the point where the principal is authenticated and known. Shared by the token-time gates (lifecycle,
 * command limits).
 */
public final class TokenSubjects {

    /** Whose token it is: a user (person, or a user-bound machine) or the client itself acting as its service account. */
    public enum Role { USER, CLIENT }

    public record Subject(UserModel user, Role role, String grant) {
    }

    /** The events that have subjects: one per grant, where the token is built (a token exchange: its request). */
    public static final Set<ClientPolicyEvent> EVENTS = Set.of(ClientPolicyEvent.TOKEN_RESPONSE,
            ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE, ClientPolicyEvent.TOKEN_REFRESH_RESPONSE,
            ClientPolicyEvent.RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE, ClientPolicyEvent.IMPLICIT_HYBRID_TOKEN_RESPONSE,
            ClientPolicyEvent.DEVICE_TOKEN_RESPONSE, ClientPolicyEvent.BACKCHANNEL_TOKEN_RESPONSE,
            ClientPolicyEvent.TOKEN_EXCHANGE_REQUEST);

    private TokenSubjects() {
    }

    /**
     * The subjects of this event; the gates of one event (lifecycle, limits, segmentation) get the same list, found
     * once: the event's context is one object for all of them, kept as the key on the request's session.
     */
    public static List<Subject> of(KeycloakSession session, RealmModel realm, ClientPolicyContext context) {
        Map<ClientPolicyContext, List<Subject>> found = RequestMemo.byIdentity(session, TokenSubjects.class);
        return found.computeIfAbsent(context, event -> List.copyOf(find(session, realm, event)));
    }

    static List<Subject> find(KeycloakSession session, RealmModel realm, ClientPolicyContext context) {
        return switch (context.getEvent()) {
            // TOKEN_RESPONSE, not TOKEN_REQUEST: Keycloak answers a refusal at TOKEN_REQUEST with invalid_grant whatever
            // the executor's error, while TOKEN_RESPONSE passes the executor's error through
            case TOKEN_RESPONSE -> withAgent(session, ((TokenResponseContext) context).getClientSession(), "authorization_code");
            // SERVICE_ACCOUNT_TOKEN_RESPONSE, not _REQUEST: Keycloak answers a refusal at the request with 400 whatever
            // the executor's status, and the pack's policy then has one event per client-credentials token, not two
            case SERVICE_ACCOUNT_TOKEN_RESPONSE ->
                    fromClientSession(((ServiceAccountTokenResponseContext) context).getClientSession(), "client_credentials");
            case TOKEN_REFRESH_RESPONSE -> fromClientSession(((TokenRefreshResponseContext) context).getClientSession(), "refresh_token");
            case RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE ->
                    fromClientSessionContext(((ResourceOwnerPasswordCredentialsResponseContext) context).getClientSessionContext(), "password");
            // the implicit and hybrid flows hand out their tokens at the authorization endpoint: checked there
            case IMPLICIT_HYBRID_TOKEN_RESPONSE -> {
                ClientSessionContext front = ((ImplicitHybridTokenResponse) context).getClientSessionContext();
                yield withAgent(session, front == null ? null : front.getClientSession(), "implicit");
            }
            case DEVICE_TOKEN_RESPONSE -> withAgent(session, ((DeviceTokenResponseContext) context).getClientSession(), "device_code");
            case BACKCHANNEL_TOKEN_RESPONSE -> {
                ClientSessionContext ciba = ((BackchannelTokenResponseContext) context).getClientSessionContext();
                yield withAgent(session, ciba == null ? null : ciba.getClientSession(), "ciba");
            }
            case TOKEN_EXCHANGE_REQUEST -> tokenExchange(session, realm, (TokenExchangeRequestContext) context);
            default -> List.of();
        };
    }

    private static List<Subject> fromClientSessionContext(ClientSessionContext context, String grant) {
        return context == null ? List.of() : fromClientSession(context.getClientSession(), grant);
    }

    private static List<Subject> fromClientSession(AuthenticatedClientSessionModel clientSession, String grant) {
        if (clientSession == null) {
            return List.of();
        }
        UserSessionModel userSession = clientSession.getUserSession();
        UserModel user = userSession == null ? null : userSession.getUser();
        return user == null ? List.of() : List.of(subject(user, grant));
    }

    /**
     * The person, and, when the client is an ai-agent (a person's login into the agent's own client, its device grant,
     * its CIBA approval), the agent too: it acts for the person, so its own lifecycle (expiry, a disabled sponsor or
     * owner) holds as in an exchange, where the requesting agent is a subject.
     */
    private static List<Subject> withAgent(KeycloakSession session, AuthenticatedClientSessionModel clientSession, String grant) {
        List<Subject> person = fromClientSession(clientSession, grant);
        ClientModel client = clientSession == null ? null : clientSession.getClient();
        if (person.isEmpty()) {
            return person;
        }
        UserModel agent = ServiceAccounts.of(session, client);
        if (agent == null || agent.getId().equals(person.get(0).user().getId())
                || PrincipalResolver.identityClass(agent) != IdentityClass.AI_AGENT) {
            return person;
        }
        return List.of(person.get(0), new Subject(agent, Role.CLIENT, grant));
    }

    /** The requesting client (through its service account) and the users behind the subject and actor tokens. */
    private static List<Subject> tokenExchange(KeycloakSession session, RealmModel realm, TokenExchangeRequestContext context) {
        String grant = "token_exchange";
        List<Subject> subjects = new ArrayList<>();
        ClientModel requester = context.getClient();
        UserModel serviceAccount = ServiceAccounts.of(session, requester);
        if (serviceAccount != null) {
            subjects.add(new Subject(serviceAccount, Role.CLIENT, grant));
        }
        var params = context.getTokenExchangeContext().getParams();
        for (String token : new String[] {params.getSubjectToken(), params.getActorToken()}) {
            UserModel user = tokenUser(session, realm, token);
            if (user != null && subjects.stream().noneMatch(s -> s.user().getId().equals(user.getId()))) {
                subjects.add(new Subject(user, PrincipalResolver.isServiceAccount(user) ? Role.CLIENT : Role.USER, grant));
            }
        }
        return subjects;
    }

    /**
     * The user of a token this realm issued, its signature checked; null for anything else (a foreign or forged
     * token is refused by the exchange itself, after this check).
     */
    private static UserModel tokenUser(KeycloakSession session, RealmModel realm, String token) {
        return RequestTokens.decode(session, token).map(AccessToken::getSubject)
                .map(subject -> session.users().getUserById(realm, subject)).orElse(null);
    }

    private static Subject subject(UserModel user, String grant) {
        return new Subject(user, PrincipalResolver.isServiceAccount(user) ? Role.CLIENT : Role.USER, grant);
    }
}

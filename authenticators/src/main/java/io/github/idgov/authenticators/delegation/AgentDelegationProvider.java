package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.delegation.DelegatedLifetime;
import io.github.idgov.core.delegation.DelegationChain;
import io.github.idgov.core.delegation.DelegationContract;
import io.github.idgov.core.delegation.ScopeGrant;
import io.github.idgov.core.keycloak.AgentScopes;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.actiontoken.TokenUtils;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.protocol.oidc.tokenexchange.StandardTokenExchangeProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;
import org.keycloak.util.TokenUtil;

/**
 * Serves every RFC 8693 exchange an ai-agent client of a governed realm requests: the agent gets a token for the user
 * who delegated to it, stamped with {@code act}, bounded in scope, audience and lifetime, without refresh token.
 * Every other form of exchange (impersonation, federation, a token not delegated to this agent) is refused here and
 * never reaches Keycloak's own providers. Reuses Keycloak's session and token machinery of the standard provider.
 */
final class AgentDelegationProvider extends StandardTokenExchangeProvider {

    private final DelegationSettings settings;

    AgentDelegationProvider(DelegationSettings settings) {
        this.settings = settings;
    }

    /**
     * In a realm in monitor or enforce (never in one that is off): every exchange by an ai-agent client, and every
     * exchange of a delegated token (one with {@code act}) that Keycloak's standard provider would otherwise serve to
     * another client, which would hand that client the user's token without the agent in it.
     */
    @Override
    public boolean supports(TokenExchangeContext context) {
        if (!RealmGovernance.mode(context.getRealm()).isOn()) {
            return false;
        }
        return Agents.serviceAccount(context.getSession(), context.getClient()).isPresent()
                || (DelegatedTokens.hasAct(context.getParams().getSubjectToken()) && super.supports(context));
    }

    @Override
    protected Response tokenExchange() {
        GovernanceMode mode = RealmGovernance.mode(realm);
        Optional<UserModel> agentAccount = Agents.serviceAccount(session, client);
        if (agentAccount.isEmpty()) {
            return reExchangeByAnotherClient(mode);
        }
        UserModel agentUser = agentAccount.get();
        GovernanceRecord agent = PrincipalResolver.resolve(realm, agentUser);
        Refusals refusals = new Refusals(session, realm, mode, event, cors, agentUser.getUsername(), client.getClientId());
        event.detail(Details.REQUESTED_TOKEN_TYPE, OAuth2Constants.ACCESS_TOKEN_TYPE);

        DelegationRequest.Result parsed = DelegationRequest.parse(formParams);
        if (parsed.refusal() != null) {
            throw refusals.refuse(parsed.refusal());
        }
        DelegationRequest request = parsed.request();

        checkAgent(refusals, agentUser, agent);

        SubjectTokens.Result subject = SubjectTokens.verify(session, realm, clientConnection, headers, request.subjectToken());
        if (subject.refusal() != null) {
            throw refusals.refuse(subject.refusal());
        }
        AuthenticationManager.AuthResult verified = subject.verified();
        UserModel user = verified.user();
        AccessToken subjectToken = verified.token();
        event.user(user).detail(Details.USERNAME, user.getUsername()).session(verified.session())
                .detail(Details.SUBJECT_TOKEN_CLIENT_ID, subjectToken.getIssuedFor());

        Object previousAct = subjectToken.getOtherClaims().get(DelegationContract.ACT_CLAIM);
        boolean ownDelegatedToken = client.getClientId().equals(subjectToken.getIssuedFor())
                && client.getClientId().equals(DelegationChain.currentActor(previousAct));
        checkBinding(refusals, agentUser, subjectToken, ownDelegatedToken);
        checkActorToken(refusals, agentUser, request.actorToken());

        Map<String, Object> act = ownDelegatedToken
                ? castAct(previousAct) // the agent re-scoping its own delegated token: same chain, no new actor
                : chain(refusals, agentUser, previousAct);

        Set<String> granted = grantedScopes(refusals, request.scopes(), agent, subjectToken);
        boolean openid = request.openid() && openidAllowed(refusals, subjectToken);
        List<ClientModel> audiences = audienceClients(refusals, request.audiences());
        return issue(refusals, user, verified.session(), subjectToken, act, granted, openid, audiences);
    }

    /** A delegated token exchanged by a client that is not an agent: refused in enforce, Keycloak's exchange in monitor. */
    private Response reExchangeByAnotherClient(GovernanceMode mode) {
        Refusals refusals = new Refusals(session, realm, mode, event, cors, client.getClientId(), client.getClientId());
        Object act = DelegatedTokens.act(context.getParams().getSubjectToken());
        refusals.enforce(new Refusals.Refusal(DelegationContract.POLICY_DEPTH, OAuthErrorException.ACCESS_DENIED,
                Response.Status.BAD_REQUEST, Errors.NOT_ALLOWED, "subject_token is delegated (act of "
                + DelegationChain.currentActor(act) + "); client " + client.getClientId() + " may not exchange it further"));
        return super.tokenExchange();
    }

    private void checkAgent(Refusals refusals, UserModel agentUser, GovernanceRecord agent) {
        if (!agentUser.isEnabled()) {
            throw refusals.refuse(new Refusals.Refusal(DelegationContract.POLICY_AGENT, OAuthErrorException.INVALID_CLIENT,
                    Response.Status.UNAUTHORIZED, Errors.USER_DISABLED, "agent " + client.getClientId() + " is disabled"));
        }
        // expiry and disabled, deleted or non-human owner/sponsor: the lifecycle gate (client policy, run before this
        // exchange) refuses them; a missing sponsor is the delegation's own rule
        if (agent.sponsor() == null) {
            refusals.enforce(new Refusals.Refusal(DelegationContract.POLICY_AGENT, OAuthErrorException.INVALID_CLIENT,
                    Response.Status.UNAUTHORIZED, Errors.NOT_ALLOWED, "agent " + client.getClientId() + " has no identity_sponsor"));
        }
    }

    /** The user delegated to this agent (may_act names it), or the agent got the token itself through the user's login. */
    private void checkBinding(Refusals refusals, UserModel agentUser, AccessToken subjectToken, boolean ownDelegatedToken) {
        if (ownDelegatedToken || client.getClientId().equals(subjectToken.getIssuedFor())) {
            return;
        }
        Object mayAct = subjectToken.getOtherClaims().get(DelegationContract.MAY_ACT_CLAIM);
        List<?> named = mayAct instanceof List<?> several ? several : Collections.singletonList(mayAct);
        if (named.stream().anyMatch(one -> namesThisAgent(one, agentUser))) {
            return;
        }
        refusals.enforce(new Refusals.Refusal(DelegationContract.POLICY_BINDING, OAuthErrorException.INVALID_GRANT,
                Response.Status.BAD_REQUEST, Errors.NOT_ALLOWED, "subject_token (client " + subjectToken.getIssuedFor()
                + ") neither names agent " + client.getClientId() + " in may_act nor was issued to it"));
    }

    /** One may_act object naming this agent (its client id, and its service account when a sub is given). */
    private boolean namesThisAgent(Object mayAct, UserModel agentUser) {
        return mayAct instanceof Map<?, ?> one && client.getClientId().equals(one.get(DelegationContract.CLIENT_ID_CLAIM))
                && (one.get("sub") == null || agentUser.getId().equals(one.get("sub")));
    }

    /** An actor_token, when sent, must be the agent's own valid token. */
    private void checkActorToken(Refusals refusals, UserModel agentUser, String actorToken) {
        if (actorToken == null) {
            return;
        }
        AccessToken actor = session.tokens().decode(actorToken, AccessToken.class);
        String problem = null;
        if (actor == null) {
            problem = "actor_token is not a valid token of this realm";
        } else if (!actor.isActive() || session.revokedTokens().contains(actor.getId())) {
            problem = "actor_token has expired or been revoked";
        } else if (!agentUser.getId().equals(actor.getSubject()) || !client.getClientId().equals(actor.getIssuedFor())) {
            problem = "actor_token is not the token of agent " + client.getClientId();
        }
        if (problem != null) {
            throw refusals.refuse(new Refusals.Refusal(DelegationContract.POLICY_BINDING, OAuthErrorException.INVALID_REQUEST,
                    Response.Status.BAD_REQUEST, Errors.INVALID_TOKEN, problem));
        }
    }

    private Map<String, Object> chain(Refusals refusals, UserModel agentUser, Object previousAct) {
        int depth = DelegationChain.depth(previousAct);
        if (!DelegationChain.allowsAnotherActor(depth, settings.maxDepth())) {
            refusals.enforce(new Refusals.Refusal(DelegationContract.POLICY_DEPTH, OAuthErrorException.ACCESS_DENIED,
                    Response.Status.BAD_REQUEST, Errors.NOT_ALLOWED, "subject_token is already delegated (act of "
                    + DelegationChain.currentActor(previousAct) + "); re-delegation beyond depth " + settings.maxDepth() + " is not allowed"));
        }
        return DelegationChain.act(agentUser.getId(), client.getClientId(), IdentityClass.AI_AGENT.value(), previousAct);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castAct(Object act) {
        return (Map<String, Object>) act;
    }

    private Set<String> grantedScopes(Refusals refusals, Set<String> requested, GovernanceRecord agent, AccessToken subjectToken) {
        AgentScopes scopes = new AgentScopes(client);
        Set<String> subjectScopes = subjectToken.getScope() == null ? Set.of()
                : new HashSet<>(Arrays.asList(subjectToken.getScope().trim().split(" +")));
        ScopeGrant grant = scopes.grant(subjectScopes, agent);
        Optional<ScopeGrant.Refusal> refusal = grant.refusal(requested);
        if (refusal.isEmpty()) {
            return grant.granted(requested);
        }
        refusals.enforce(new Refusals.Refusal(DelegationContract.POLICY_SCOPE, OAuthErrorException.INVALID_SCOPE,
                Response.Status.BAD_REQUEST, Errors.INVALID_REQUEST, AgentScopes.describe(refusal.get())));
        // monitor: what Keycloak alone would grant, the requested scopes the agent is assigned
        Set<String> stock = new LinkedHashSet<>(requested);
        stock.retainAll(scopes.governed());
        return stock;
    }

    /** openid (what userinfo needs) only when the user's token has it: it is a scope like the others. */
    private boolean openidAllowed(Refusals refusals, AccessToken subjectToken) {
        if (TokenUtil.isOIDCRequest(subjectToken.getScope())) {
            return true;
        }
        refusals.enforce(new Refusals.Refusal(DelegationContract.POLICY_SCOPE, OAuthErrorException.INVALID_SCOPE,
                Response.Status.BAD_REQUEST, Errors.INVALID_REQUEST, "scope 'openid' is not in the subject token"));
        return false;
    }

    private List<ClientModel> audienceClients(Refusals refusals, List<String> audiences) {
        List<ClientModel> clients = new ArrayList<>();
        for (String audience : audiences) {
            ClientModel target = realm.getClientByClientId(audience);
            if (target == null || !target.isEnabled()) {
                throw refusals.refuse(audienceRefusal("audience " + audience + " is not an enabled client of this realm"));
            }
            clients.add(target);
        }
        return clients;
    }

    private static Refusals.Refusal audienceRefusal(String description) {
        return new Refusals.Refusal(DelegationContract.POLICY_AUDIENCE, OAuthErrorException.INVALID_TARGET,
                Response.Status.BAD_REQUEST, Errors.INVALID_REQUEST, description);
    }

    private Response issue(Refusals refusals, UserModel user, UserSessionModel userSession, AccessToken subjectToken,
                           Map<String, Object> act, Set<String> granted, boolean openid, List<ClientModel> audiences) {
        String scope = String.join(" ", granted);
        String scopeParameter = openid ? TokenUtil.attachOIDCScope(scope) : scope;
        Set<String> restricted = new HashSet<>(granted);
        restricted.addAll(AgentScopes.CLAIM_SCOPES);

        RootAuthenticationSessionModel rootAuthSession = new AuthenticationSessionManager(session).createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = createSessionModel(userSession, rootAuthSession, user, client, scopeParameter);
        authSession.setClientNote(DelegationContract.ACT_SESSION_NOTE, json(act));
        // as Keycloak's standard exchange: a client session the agent lacks is transient (nothing written per request),
        // the token keeps the user's sid, so it ends with the user's session; userinfo and introspection derive act
        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession, authSession, restricted, true);
        updateUserSessionFromClientAuth(userSession);
        if (!audiences.isEmpty()) {
            clientSessionCtx.setAttribute(Constants.REQUESTED_AUDIENCE_CLIENTS, audiences.toArray(ClientModel[]::new));
        }
        clientSessionCtx.setAttribute(Constants.GRANT_TYPE, OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE);

        TokenManager.AccessTokenResponseBuilder builder = tokenManager.responseBuilder(realm, client, event, session,
                clientSessionCtx.getClientSession().getUserSession(), clientSessionCtx).generateAccessToken();
        AccessToken token = builder.getAccessToken();

        Set<String> missing = TokenUtils.checkRequestedAudiences(token, audiences.stream().map(ClientModel::getClientId).toList());
        if (!audiences.isEmpty() && !missing.isEmpty()) {
            throw refusals.refuse(audienceRefusal("audience " + String.join(", ", missing)
                    + " is not allowed for the granted scopes (" + (scope.isEmpty() ? "none" : scope) + ")"));
        }
        TokenContextEncoderProvider encoder = session.getProvider(TokenContextEncoderProvider.class);
        if (encoder.getTokenContextFromTokenId(token.getId()).getSessionType() == AccessTokenContext.SessionType.TRANSIENT) {
            token.setSessionId(null);
            event.session((String) null);
        }
        token.getOtherClaims().put(DelegationContract.ACT_CLAIM, act);
        long expiry = DelegatedLifetime.expiry(token.getIat(), Time.currentTime(), subjectToken.getExp(), settings.maxTtlSeconds());
        if (token.getExp() == null || token.getExp() == 0 || expiry < token.getExp()) {
            token.exp(expiry);
        }

        AccessTokenResponse response = builder.build(); // no refresh token, no ID token
        response.setOtherClaims(OAuth2Constants.ISSUED_TOKEN_TYPE, OAuth2Constants.ACCESS_TOKEN_TYPE);
        if (token.getAudience() != null) {
            event.detail(Details.AUDIENCE, String.join(" ", token.getAudience()));
        }
        event.detail(Details.SCOPE, scope).success();
        return cors.add(Response.ok(response, MediaType.APPLICATION_JSON_TYPE));
    }

    private static String json(Map<String, Object> act) {
        try {
            return JsonSerialization.writeValueAsString(act);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the act claim", e);
        }
    }
}

package io.github.idgov.authenticators.stepup;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.RealmGovernance;
import io.github.idgov.core.keycloak.RequestTokens;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ImplicitHybridTokenResponse;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.TokenExchangeRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * The backstop of step-up: no token carrying a sensitive scope (or for a sensitive client) leaves the token
 * endpoint unless the SSO session behind it reached the required level within the window, whatever grant asked
 * (authorization code, password, refresh, device, CIBA, token exchange) and whatever flow authenticated the user.
 * The session's record of levels ({@code loa-map}) is written only by the browser flow's level conditions, so a
 * password or device login, a forged {@code acr} or {@code claims} parameter, or an old session gets nothing.
 * The one other evidence: a CIBA token on a person's approval may rest on the approver's own fresh step-up
 * ({@link ApprovedStepUp}).
 */
final class StepUpGate implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    /** The events of a token a person's session gets (every grant but client credentials), and of an exchange. */
    static final Set<ClientPolicyEvent> EVENTS = Set.of(ClientPolicyEvent.TOKEN_RESPONSE,
            ClientPolicyEvent.RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE, ClientPolicyEvent.TOKEN_REFRESH_RESPONSE,
            ClientPolicyEvent.DEVICE_TOKEN_RESPONSE, ClientPolicyEvent.IMPLICIT_HYBRID_TOKEN_RESPONSE,
            ClientPolicyEvent.BACKCHANNEL_TOKEN_RESPONSE, ClientPolicyEvent.TOKEN_EXCHANGE_REQUEST);

    private static final String CIBA = "ciba";

    private final KeycloakSession session;

    StepUpGate(KeycloakSession session) {
        this.session = session;
    }

    /** A token about to be issued; {@code builder} only where the token is built here (not a token exchange request). */
    private record Issue(String grant, ClientModel client, String scope, UserSessionModel userSession,
                         TokenManager.AccessTokenResponseBuilder builder) {
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        RealmModel realm = session.getContext().getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn()) {
            return;
        }
        Issue issue = issue(realm, context);
        if (issue == null || issue.client() == null) {
            return;
        }
        List<ClientScopeModel> scopes = ClientScopes.granted(issue.client(), issue.scope());
        Optional<StepUpRequirement> requirement = strictest(StepUpRequirement.of(issue.client(), scopes),
                FlowSensitiveScopes.of(realm, scopes));
        if (requirement.isEmpty()) {
            return;
        }
        UserSessionModel userSession = issue.userSession();
        long now = Time.currentTime();
        if (userSession != null && LevelTimes.parse(userSession.getNote(Constants.LOA_MAP)).satisfies(requirement.get(), now)) {
            return;
        }
        String who = userSession == null || userSession.getUser() == null ? "-" : userSession.getUser().getUsername();
        String where = " (grant " + issue.grant() + ", client " + issue.client().getClientId() + ")";
        String approval = "";
        if (CIBA.equals(issue.grant()) && issue.builder() != null) {
            Optional<String> shortfall = ApprovedStepUp.accept(issue.builder(), requirement.get(), scopes, now);
            if (shortfall.isEmpty()) {
                DecisionLog.record(session, realm, new Decision(who, StepUpContract.STEP_UP_POLICY, Decision.Result.ALLOW,
                        requirement.get().describe() + " reached by the person's approval" + where));
                return;
            }
            approval = "; " + shortfall.get();
        }
        String reason = "step-up required: " + requirement.get().describe() + " not reached in this session" + approval + where;
        DetachedDecisions.record(session, realm, new Decision(who, StepUpContract.STEP_UP_POLICY, Decision.denialIn(mode), reason));
        if (mode == GovernanceMode.ENFORCE) {
            throw new ClientPolicyException(OAuthErrorException.ACCESS_DENIED, reason, Response.Status.BAD_REQUEST);
        }
    }

    private static Optional<StepUpRequirement> strictest(Optional<StepUpRequirement> a, Optional<StepUpRequirement> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().strictest(b.get()));
    }

    private Issue issue(RealmModel realm, ClientPolicyContext context) {
        return switch (context.getEvent()) {
            case TOKEN_RESPONSE -> built("authorization_code", ((TokenResponseContext) context).getAccessTokenResponseBuilder());
            case RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE ->
                    built("password", ((ResourceOwnerPasswordCredentialsResponseContext) context).getAccessTokenResponseBuilder());
            case TOKEN_REFRESH_RESPONSE -> built("refresh_token", ((TokenRefreshResponseContext) context).getAccessTokenResponseBuilder());
            case DEVICE_TOKEN_RESPONSE -> built("device_code", ((DeviceTokenResponseContext) context).getAccessTokenResponseBuilder());
            // the implicit and hybrid flows hand out their tokens at the authorization endpoint
            case IMPLICIT_HYBRID_TOKEN_RESPONSE -> built("implicit", ((ImplicitHybridTokenResponse) context).getAccessTokenResponseBuilder());
            case BACKCHANNEL_TOKEN_RESPONSE -> built(CIBA, ((BackchannelTokenResponseContext) context).getAccessTokenResponseBuilder());
            case TOKEN_EXCHANGE_REQUEST -> exchange(realm, (TokenExchangeRequestContext) context);
            default -> null;
        };
    }

    /** The token about to be issued: its scopes, and the session it belongs to. */
    private Issue built(String grant, TokenManager.AccessTokenResponseBuilder builder) {
        if (builder == null || builder.getAccessToken() == null) {
            return null;
        }
        AuthenticatedClientSessionModel clientSession = builder.getClientSessionCtx() == null ? null
                : builder.getClientSessionCtx().getClientSession();
        UserSessionModel userSession = clientSession == null ? null : clientSession.getUserSession();
        return new Issue(grant, session.getContext().getClient(), builder.getAccessToken().getScope(), userSession, builder);
    }

    /**
     * A standard exchange issues the requester's default scopes and the optional ones it asks for, for the user of the
     * subject token: that token's session must have reached the level. A subject token this realm cannot verify
     * has no session here and is refused (the exchange would refuse it too).
     */
    private Issue exchange(RealmModel realm, TokenExchangeRequestContext context) {
        var params = context.getTokenExchangeContext().getParams();
        UserSessionModel userSession = RequestTokens.decode(session, params.getSubjectToken()).map(AccessToken::getSessionId)
                .map(sid -> session.sessions().getUserSession(realm, sid)).orElse(null);
        return new Issue("token_exchange", context.getClient(), params.getScope(), userSession, null);
    }

    @Override
    public String getProviderId() {
        return StepUpContract.STEP_UP_GATE_ID;
    }
}

package io.github.idgov.admin.approval;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.delegation.ApprovalBinding;
import io.github.idgov.core.delegation.ApprovalContract;
import io.github.idgov.core.delegation.ApprovalState;
import io.github.idgov.core.delegation.DelegatedLifetime;
import io.github.idgov.core.delegation.ScopeGrant;
import io.github.idgov.core.keycloak.AgentScopes;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.NarrowedTokens;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelAuthenticationRequestContext;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * CIBA in a governed realm is how an ai-agent asks a person to approve an irreversible action. At the backchannel
 * request: only an ai-agent client asks, only a person is asked, and a {@code binding_message} is required (it is
 * what the person approves). At the token the agent's poll gets: the approval must be approved, bound to the same
 * agent, user, scopes and message, and unused; it is consumed, and the token is shaped as a delegated token (no
 * refresh token, the delegated maximum lifetime). Monitor records would-deny for the request checks.
 */
final class ApprovalGate implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    /** An agent's CIBA request, and the token its approval yields. */
    static final Set<ClientPolicyEvent> EVENTS = Set.of(ClientPolicyEvent.BACKCHANNEL_AUTHENTICATION_REQUEST,
            ClientPolicyEvent.BACKCHANNEL_TOKEN_RESPONSE);

    private final KeycloakSession session;
    private final int maxTtlSeconds;

    ApprovalGate(KeycloakSession session, int maxTtlSeconds) {
        this.session = session;
        this.maxTtlSeconds = maxTtlSeconds;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        RealmModel realm = session.getContext().getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn()) {
            return;
        }
        switch (context.getEvent()) {
            case BACKCHANNEL_AUTHENTICATION_REQUEST -> onRequest(realm, mode, ((BackchannelAuthenticationRequestContext) context).getParsedRequest());
            case BACKCHANNEL_TOKEN_RESPONSE -> onToken(realm, (BackchannelTokenResponseContext) context);
            default -> {
                // other grants are not approvals
            }
        }
    }

    private void onRequest(RealmModel realm, GovernanceMode mode, CIBAAuthenticationRequest request) throws ClientPolicyException {
        ClientModel client = request.getClient();
        UserModel agent = agent(realm, client).orElse(null);
        if (agent == null) {
            refuse(realm, mode, client, OAuthErrorException.UNAUTHORIZED_CLIENT, "client " + client.getClientId()
                    + " is not an ai-agent: only agents ask a person for approval through CIBA");
        }
        UserModel user = request.getUser() != null ? request.getUser() : session.users().getUserById(realm, request.getSubject());
        if (user != null && PrincipalResolver.resolve(realm, user).identityClass() != IdentityClass.HUMAN) {
            refuse(realm, mode, client, OAuthErrorException.INVALID_REQUEST, "login_hint names " + user.getUsername()
                    + ", who is not a person: only a person approves an agent's action");
        }
        String message = request.getBindingMessage();
        if (message == null || message.isBlank()) {
            refuse(realm, mode, client, OAuthErrorException.INVALID_REQUEST, "missing parameter: binding_message"
                    + " (the message the person approves; it binds the approval to the action)");
        }
        if (agent != null) {
            withinAutonomy(realm, mode, client, agent, request.getScope());
        }
    }

    /**
     * A person's approval does not raise an agent's autonomy: each requested scope assigned to the agent needs its
     * tier. The rule and its wording are the exchange's ({@link AgentScopes}); scopes not assigned are Keycloak's to refuse.
     */
    private void withinAutonomy(RealmModel realm, GovernanceMode mode, ClientModel client, UserModel agent, String scope)
            throws ClientPolicyException {
        Optional<ScopeGrant.Refusal> refusal = new AgentScopes(client)
                .approvalRefusal(ApprovalBinding.scopes(scope), PrincipalResolver.resolve(realm, agent));
        if (refusal.isPresent()) {
            refuse(realm, mode, client, OAuthErrorException.INVALID_SCOPE, AgentScopes.describe(refusal.get()));
        }
    }

    private void refuse(RealmModel realm, GovernanceMode mode, ClientModel client, String error, String reason) throws ClientPolicyException {
        Decision decision = new Decision(ApprovalPrincipal.of(session, realm, client), ApprovalContract.POLICY_APPROVAL,
                Decision.denialIn(mode), reason + " [grant ciba, client " + client.getClientId() + "]");
        if (mode == GovernanceMode.ENFORCE) {
            DetachedDecisions.record(session, realm, decision); // the refused request rolls back
            throw new ClientPolicyException(error, reason, Response.Status.BAD_REQUEST);
        }
        DecisionLog.record(session, realm, decision);
    }

    private void onToken(RealmModel realm, BackchannelTokenResponseContext context) throws ClientPolicyException {
        CIBAAuthenticationRequest request = context.getParsedRequest();
        ClientModel client = session.getContext().getClient();
        Optional<UserModel> agentAccount = agent(realm, client);
        if (agentAccount.isEmpty()) {
            return;
        }
        ApprovalStore store = new ApprovalStore(session, realm);
        Optional<ApprovalEntity> found = store.byAuthResult(request.getAuthResultId());
        String problem = null;
        if (found.isEmpty()) {
            problem = "no approval recorded for this auth_req_id";
        } else {
            ApprovalEntity approval = found.get();
            ApprovalBinding recorded = new ApprovalBinding(approval.agentClientId, approval.userId,
                    ApprovalBinding.scopes(approval.scope), approval.bindingMessage);
            ApprovalBinding presented = new ApprovalBinding(client.getClientId(), request.getSubject(),
                    ApprovalBinding.scopes(request.getScope()), request.getBindingMessage());
            if (!recorded.matches(presented)) {
                problem = "approval " + approval.id + " is bound to another agent, user, scope or binding_message";
            } else if (!store.transition(approval.id, ApprovalState.APPROVED, ApprovalState.CONSUMED)) {
                problem = "approval " + approval.id + " is " + approval.status + ", not approved and unused";
            }
        }
        if (problem != null) {
            DetachedDecisions.record(session, realm, new Decision(ApprovalPrincipal.of(session, realm, client),
                    ApprovalContract.POLICY_APPROVAL, Decision.Result.DENY, problem + " [grant ciba, client " + client.getClientId() + "]"));
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT, problem, Response.Status.BAD_REQUEST);
        }
        TokenManager.AccessTokenResponseBuilder builder = context.getAccessTokenResponseBuilder();
        builder.removeRefreshToken(); // delegated tokens are never refreshed: the next irreversible action needs a new approval
        // what was approved, within the agent's tier: Keycloak added the agent's default scopes to the request; those
        // above the tier leave the tokens with their mappers, as for a person's login into the agent's client
        NarrowedTokens.narrow(session, builder, new AgentScopes(client).approvalKeeps(ApprovalBinding.scopes(found.get().scope),
                PrincipalResolver.resolve(realm, agentAccount.get())));
        AccessToken token = builder.getAccessToken();
        long expiry = DelegatedLifetime.expiry(token.getIat(), Time.currentTime(), null, maxTtlSeconds);
        if (token.getExp() == null || token.getExp() == 0 || expiry < token.getExp()) {
            token.exp(expiry);
        }
        IDToken idToken = builder.getIdToken();
        if (idToken != null && (idToken.getExp() == null || idToken.getExp() == 0 || idToken.getExp() > token.getExp())) {
            // with openid the agent also gets an ID token (Keycloak's CIBA grant builds it, with no way to withhold it):
            // it lives no longer than the approved token and names no claim of a scope the person did not approve
            idToken.exp(token.getExp());
        }
        DecisionLog.record(session, realm, new Decision(ApprovalPrincipal.of(session, realm, client), ApprovalContract.POLICY_APPROVAL,
                Decision.Result.ALLOW, "approval " + found.get().id + " of " + found.get().decidedBy + " consumed: token for scope '"
                + found.get().scope + "' expires at " + token.getExp() + " [grant ciba, client " + client.getClientId() + "]"));
    }

    private Optional<UserModel> agent(RealmModel realm, ClientModel client) {
        if (client == null || !client.isServiceAccountsEnabled()) {
            return Optional.empty();
        }
        UserModel account = session.users().getServiceAccount(client);
        return account != null && PrincipalResolver.resolve(realm, account).identityClass() == IdentityClass.AI_AGENT
                ? Optional.of(account) : Optional.empty();
    }

    @Override
    public String getProviderId() {
        return ApprovalContract.APPROVAL_GATE_ID;
    }
}

package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.delegation.DelegationContract;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.NarrowedTokens;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.ImplicitHybridTokenResponse;
import org.keycloak.services.clientpolicy.context.TokenRefreshContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * The grants through which an ai-agent client could hold a token for a person outside the delegated exchange. The
 * password grant is refused (checked at the request, before the password is looked at): the agent would hold a
 * token that no person delegated. A person's interactive login into the agent's own client is bounded as a delegated
 * token ({@link AgentLogin}): scopes refused at the authorization request and again at the token, no refresh or
 * offline token, the delegation's maximum lifetime; and a refresh token the agent holds for a person (one issued
 * before, say while the realm was in monitor) is refused. Monitor records would-deny and lets everything through.
 */
final class AgentGrantGuard implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    /** A password grant and an authorization request by an agent's client, its login tokens, a refresh. */
    static final Set<ClientPolicyEvent> EVENTS = Set.of(ClientPolicyEvent.RESOURCE_OWNER_PASSWORD_CREDENTIALS_REQUEST,
            ClientPolicyEvent.AUTHORIZATION_REQUEST, ClientPolicyEvent.TOKEN_RESPONSE,
            ClientPolicyEvent.IMPLICIT_HYBRID_TOKEN_RESPONSE, ClientPolicyEvent.DEVICE_TOKEN_RESPONSE,
            ClientPolicyEvent.TOKEN_REFRESH);

    private final KeycloakSession session;
    private final int maxTtlSeconds;

    AgentGrantGuard(KeycloakSession session, int maxTtlSeconds) {
        this.session = session;
        this.maxTtlSeconds = maxTtlSeconds;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case RESOURCE_OWNER_PASSWORD_CREDENTIALS_REQUEST -> onPassword(session.getContext().getClient());
            case AUTHORIZATION_REQUEST -> onAuthorization((AuthorizationRequestContext) context);
            case TOKEN_RESPONSE -> onLoginToken(((TokenResponseContext) context).getAccessTokenResponseBuilder(), "authorization_code");
            case IMPLICIT_HYBRID_TOKEN_RESPONSE -> onLoginToken(((ImplicitHybridTokenResponse) context).getAccessTokenResponseBuilder(), "implicit");
            case DEVICE_TOKEN_RESPONSE -> onLoginToken(((DeviceTokenResponseContext) context).getAccessTokenResponseBuilder(), "device_code");
            case TOKEN_REFRESH -> onRefresh((TokenRefreshContext) context);
            default -> {
                // other grants: the delegation provider, the approval gate and the lifecycle gate
            }
        }
    }

    /** The realm's mode and the agent behind a client, if the realm is governed and the client is an ai-agent. */
    private record Agent(RealmModel realm, GovernanceMode mode, ClientModel client, UserModel account) {
    }

    private Optional<Agent> agent(ClientModel client) {
        RealmModel realm = session.getContext().getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn() || client == null) {
            return Optional.empty();
        }
        return Agents.serviceAccount(session, client).map(account -> new Agent(realm, mode, client, account));
    }

    private void onPassword(ClientModel client) throws ClientPolicyException {
        Optional<Agent> agent = agent(client);
        if (agent.isPresent()) {
            deny(agent.get(), DelegationContract.POLICY_GRANT, OAuthErrorException.UNAUTHORIZED_CLIENT, "password",
                    "ai-agent " + client.getClientId() + " may not use the password grant: an agent acts for a user only"
                    + " through delegated token exchange");
        }
    }

    private void onAuthorization(AuthorizationRequestContext context) throws ClientPolicyException {
        Optional<Agent> found = agent(context.getClient());
        if (found.isEmpty()) {
            return;
        }
        Agent agent = found.get();
        Optional<String> problem = AgentLogin.scopeProblem(agent.client(), PrincipalResolver.resolve(agent.realm(), agent.account()),
                context.getScopeParameter(), AgentLogin.offlineByDefault(agent.client()));
        if (problem.isPresent()) {
            deny(agent, DelegationContract.POLICY_SCOPE, OAuthErrorException.INVALID_SCOPE, "authorization", problem.get());
        }
    }

    private void onLoginToken(TokenManager.AccessTokenResponseBuilder builder, String grant) throws ClientPolicyException {
        ClientSessionContext clientSessionCtx = builder.getClientSessionCtx();
        AuthenticatedClientSessionModel clientSession = clientSessionCtx.getClientSession();
        Optional<Agent> found = agent(clientSession.getClient());
        UserModel person = clientSession.getUserSession().getUser();
        if (found.isEmpty() || found.get().account().getId().equals(person.getId())) {
            return;
        }
        Agent agent = found.get();
        // the scopes of this login (the client session carries the request's scope parameter): again here, for a code
        // issued while the realm was in monitor and for grants without an authorization request (device)
        GovernanceRecord record = PrincipalResolver.resolve(agent.realm(), agent.account());
        Optional<String> problem = AgentLogin.scopeProblem(agent.client(), record, clientSession.getNote(OIDCLoginProtocol.SCOPE_PARAM),
                clientSessionCtx.isOfflineTokenRequested());
        // default scopes nobody asked for: the ones outside the agent's grant leave the tokens (enforce) or are named (monitor)
        Predicate<String> withinGrant = AgentLogin.withinGrant(agent.client(), record);
        String subject = "login token of " + person.getUsername() + " for ai-agent " + agent.client().getClientId();
        if (agent.mode() == GovernanceMode.ENFORCE) {
            if (problem.isPresent()) {
                deny(agent, DelegationContract.POLICY_SCOPE, OAuthErrorException.INVALID_SCOPE, grant, problem.get());
            }
            Set<String> dropped = NarrowedTokens.narrow(session, builder, withinGrant);
            AgentLogin.Bounds bounds = AgentLogin.Bounds.of(builder, maxTtlSeconds, dropped);
            bounds.applyTo(builder);
            DecisionLog.record(session, agent.realm(), decision(agent, DelegationContract.POLICY_GRANT, Decision.Result.ALLOW,
                    subject + " bounded as a delegated token: " + bounds.describe(), grant));
            return;
        }
        Set<String> wouldDrop = clientSessionCtx.getClientScopesStream().map(ClientScopeModel::getName)
                .filter(withinGrant.negate()).collect(Collectors.toSet());
        AgentLogin.Bounds bounds = AgentLogin.Bounds.of(builder, maxTtlSeconds, wouldDrop);
        if (problem.isPresent() || bounds.changesSomething()) {
            DecisionLog.record(session, agent.realm(), decision(agent, DelegationContract.POLICY_GRANT, Decision.Result.WOULD_DENY,
                    subject + " would be bounded as a delegated token (" + bounds.describe() + ")"
                    + problem.map(p -> "; would refuse: " + p).orElse(""), grant));
        }
    }

    /** A refresh token the agent holds for a person: never honoured (the agent's own refresh token is its own). */
    private void onRefresh(TokenRefreshContext context) throws ClientPolicyException {
        Optional<Agent> found = agent(context.getClient());
        String raw = context.getParams().getFirst(OAuth2Constants.REFRESH_TOKEN);
        if (found.isEmpty() || raw == null) {
            return;
        }
        RefreshToken token = session.tokens().decode(raw, RefreshToken.class);
        Agent agent = found.get();
        if (token == null || !agent.client().getClientId().equals(token.getIssuedFor())
                || agent.account().getId().equals(token.getSubject())) {
            return; // Keycloak refuses a token it cannot verify or that another client holds
        }
        UserModel person = token.getSubject() == null ? null : session.users().getUserById(agent.realm(), token.getSubject());
        deny(agent, DelegationContract.POLICY_GRANT, OAuthErrorException.INVALID_GRANT, "refresh_token",
                "ai-agent " + agent.client().getClientId() + " may not refresh a token it holds for a person ("
                + (person != null ? person.getUsername() : token.getSubject()) + "): such a token is bounded like a delegated token"
                + " and never refreshed; the person logs in again or the agent exchanges a delegated token");
    }

    /** A governance rule: refused in enforce (the decision in its own transaction), would-deny in monitor. */
    private void deny(Agent agent, String policy, String error, String grant, String reason) throws ClientPolicyException {
        Decision decision = decision(agent, policy, Decision.denialIn(agent.mode()), reason, grant);
        if (agent.mode() == GovernanceMode.ENFORCE) {
            DetachedDecisions.record(session, agent.realm(), decision); // the refused request rolls back
            throw new ClientPolicyException(error, reason, Response.Status.BAD_REQUEST);
        }
        DecisionLog.record(session, agent.realm(), decision);
    }

    private static Decision decision(Agent agent, String policy, Decision.Result result, String reason, String grant) {
        return new Decision(agent.account().getUsername(), policy, result,
                reason + " [grant " + grant + ", client " + agent.client().getClientId() + "]");
    }

    @Override
    public String getProviderId() {
        return DelegationContract.AGENT_GRANT_GUARD_ID;
    }
}

package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.delegation.DelegationChain;
import io.github.idgov.core.delegation.DelegationContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.util.JsonSerialization;

/**
 * Writes RFC 8693 {@code act} on every token an ai-agent client holds for a user: the chain the delegation exchange
 * recorded on the agent's client session, or, for a user's own login into the agent's client, the agent itself.
 * A token the agent polled for on a person's approval (CIBA) carries the approval evidence in {@code act}.
 * The same claim shows in the access token, userinfo and introspection. An agent's own (client-credentials) token
 * speaks for itself and has no {@code act}. At userinfo and introspection this mapper runs last and shows the served
 * token's own act, with the claims of the scopes that token kept only ({@link EndpointClaims}).
 */
public final class ActClaimMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    private static final List<ProviderConfigProperty> CONFIG = config();

    private static List<ProviderConfigProperty> config() {
        List<ProviderConfigProperty> config = new ArrayList<>();
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(config, ActClaimMapper.class);
        return List.copyOf(config);
    }

    @Override
    public String getId() {
        return DelegationContract.ACT_MAPPER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Agent delegation chain (act)";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the RFC 8693 'act' claim (sub, client_id, identity_class) to tokens an ai-agent holds for a user.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    /** After every other mapper (Keycloak's run at most at 50): what they wrote at the endpoints is rebuilt here. */
    @Override
    public int getPriority() {
        return 100;
    }

    @Override
    public AccessToken transformUserInfoToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                              UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        if (!OIDCAttributeMapperHelper.includeInUserInfo(mappingModel)) {
            return token;
        }
        return atEndpoint(EndpointClaims.Endpoint.USERINFO, token, session, userSession, clientSessionCtx);
    }

    @Override
    public AccessToken transformIntrospectionToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                                   UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        if (!OIDCAttributeMapperHelper.includeInIntrospection(mappingModel)) {
            return token;
        }
        return atEndpoint(EndpointClaims.Endpoint.INTROSPECTION, token, session, userSession, clientSessionCtx);
    }

    private static AccessToken atEndpoint(EndpointClaims.Endpoint endpoint, AccessToken token, KeycloakSession session,
                                          UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        AuthenticatedClientSessionModel clientSession = clientSessionCtx == null ? null : clientSessionCtx.getClientSession();
        UserModel user = userSession.getUser();
        if (clientSession == null || user == null) {
            return token;
        }
        ClientModel client = clientSession.getClient();
        Optional<UserModel> agent = Agents.serviceAccount(session, client)
                .filter(account -> !account.getId().equals(user.getId()));
        if (agent.isEmpty()) {
            return token;
        }
        // read only now: the userinfo and introspection of every other client decode nothing more
        Optional<AccessToken> served = endpoint == EndpointClaims.Endpoint.USERINFO ? ServedToken.ofUserInfo(session) : ServedToken.ofIntrospection(session);
        Optional<AccessToken> own = served.filter(t -> client.getClientId().equals(t.getIssuedFor()) && user.getId().equals(t.getSubject()));
        EndpointClaims.narrow(endpoint, session, token, own, userSession, clientSessionCtx,
                PrincipalResolver.resolve(userSession.getRealm(), agent.get()));
        // the token's own act (signed, verified by the endpoint): the chain or approval evidence it was issued with
        Object act = own.map(t -> t.getOtherClaims().get(DelegationContract.ACT_CLAIM)).orElse(null);
        token.getOtherClaims().put(DelegationContract.ACT_CLAIM, act != null ? act : act(clientSession, agent.get(), client));
        return token;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        AuthenticatedClientSessionModel clientSession = clientSessionCtx == null ? null : clientSessionCtx.getClientSession();
        UserModel user = userSession.getUser();
        if (clientSession == null || user == null) {
            return;
        }
        ClientModel client = clientSession.getClient();
        Agents.serviceAccount(session, client)
                .filter(agent -> !agent.getId().equals(user.getId()))
                .ifPresent(agent -> token.getOtherClaims().put(DelegationContract.ACT_CLAIM, act(clientSession, agent, client)));
    }

    private static Object act(AuthenticatedClientSessionModel clientSession, UserModel agent, ClientModel client) {
        String recorded = clientSession.getNote(DelegationContract.ACT_SESSION_NOTE);
        if (recorded == null) { // a token on a person's approval (CIBA): the act the approval page recorded, with its evidence
            recorded = clientSession.getNote(CibaGrantType.ADDITIONAL_CALLBACK_PARAMS_PREFIX + DelegationContract.ACT_SESSION_NOTE);
        }
        if (recorded == null) {
            return DelegationChain.act(agent.getId(), client.getClientId(), IdentityClass.AI_AGENT.value(), null);
        }
        try {
            return JsonSerialization.readValue(recorded, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable delegation chain on the client session of " + client.getClientId(), e);
        }
    }
}

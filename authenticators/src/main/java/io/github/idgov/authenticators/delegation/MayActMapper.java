package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.delegation.DelegationContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * The mapper of a per-agent delegation client scope ({@code delegate:<agent-client-id>}): when a user consents to
 * that scope in an application, the application's access token names the agent in RFC 8693 {@code may_act}, which
 * is what lets the agent exchange it.
 */
public final class MayActMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper {

    private static final Logger LOG = Logger.getLogger(MayActMapper.class);
    private static final List<ProviderConfigProperty> CONFIG = config();

    private static List<ProviderConfigProperty> config() {
        List<ProviderConfigProperty> config = new ArrayList<>();
        ProviderConfigProperty agent = new ProviderConfigProperty();
        agent.setName(DelegationContract.MAY_ACT_AGENT_CONFIG);
        agent.setLabel("Agent client ID");
        agent.setType(ProviderConfigProperty.STRING_TYPE);
        agent.setHelpText("Client ID of the ai-agent the user delegates to when consenting to this scope.");
        config.add(agent);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(config, MayActMapper.class);
        return List.copyOf(config);
    }

    @Override
    public String getId() {
        return DelegationContract.MAY_ACT_MAPPER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Agent delegation consent (may_act)";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the RFC 8693 'may_act' claim naming an ai-agent that may exchange this token for the user.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        String agentClientId = mappingModel.getConfig().get(DelegationContract.MAY_ACT_AGENT_CONFIG);
        if (agentClientId == null || agentClientId.isBlank()) {
            LOG.warnf("Mapper '%s' has no %s: no may_act issued", mappingModel.getName(), DelegationContract.MAY_ACT_AGENT_CONFIG);
            return;
        }
        RealmModel realm = userSession.getRealm();
        ClientModel agentClient = realm.getClientByClientId(agentClientId.trim());
        if (agentClient == null) {
            LOG.warnf("Mapper '%s' names agent '%s', which is no client of realm '%s': no may_act issued",
                    mappingModel.getName(), agentClientId, realm.getName());
            return;
        }
        Agents.serviceAccount(session, agentClient).ifPresentOrElse(agent -> {
            Map<String, Object> mayAct = new LinkedHashMap<>();
            mayAct.put("sub", agent.getId());
            mayAct.put(DelegationContract.CLIENT_ID_CLAIM, agentClient.getClientId());
            token.getOtherClaims().merge(DelegationContract.MAY_ACT_CLAIM, mayAct, MayActMapper::withAnother);
        }, () -> LOG.warnf("Mapper '%s' names client '%s', which is no ai-agent: no may_act issued", mappingModel.getName(), agentClientId));
    }

    /**
     * A person who consented to two delegation scopes in one request delegates to both agents: {@code may_act} stays
     * the RFC 8693 object for one agent and becomes an array of such objects for several (in mapper order; an agent
     * named twice is named once). The exchange accepts either shape.
     */
    static Object withAnother(Object existing, Object added) {
        List<Object> named = new ArrayList<>();
        if (existing instanceof List<?> list) {
            named.addAll(list);
        } else {
            named.add(existing);
        }
        if (named.contains(added)) {
            return existing;
        }
        named.add(added);
        return named;
    }
}

package io.github.idgov.authenticators;

import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.keycloak.PrincipalResolver;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Writes the principal's identity class (stored or derived) into access tokens, ID tokens, userinfo and
 * introspection. For client credentials the principal is the client's service-account user.
 */
public final class IdentityClassMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    private static final List<ProviderConfigProperty> CONFIG = config();

    private static List<ProviderConfigProperty> config() {
        List<ProviderConfigProperty> config = new ArrayList<>();
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(config, IdentityClassMapper.class);
        return List.copyOf(config);
    }

    @Override
    public String getId() {
        return GovernanceContract.IDENTITY_CLASS_MAPPER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Identity class (governance)";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the '" + GovernanceContract.IDENTITY_CLASS_CLAIM + "' claim: human, service-account, bot or ai-agent "
                + "(derived when the user has no identity_class attribute).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        UserModel user = userSession.getUser();
        if (user == null) {
            return;
        }
        String identityClass = PrincipalResolver.identityClass(user).value();
        token.getOtherClaims().put(GovernanceContract.IDENTITY_CLASS_CLAIM, identityClass);
    }
}

package io.github.idgov.admin;

import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.delegation.DelegationContract;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;

/**
 * The client scope that carries the pack's claims: a realm default scope, attached to every OIDC client
 * when governance is switched on, removed when it is switched off.
 */
final class TokenClaimScope {

    private static final String MAPPER_NAME = "identity class";
    private static final String ACT_MAPPER_NAME = "agent delegation chain";

    private TokenClaimScope() {
    }

    static void install(RealmModel realm) {
        ClientScopeModel scope = find(realm).orElseGet(() -> create(realm));
        // scopes created before agent delegation existed get its mapper too
        if (scope.getProtocolMapperByName(OIDCLoginProtocol.LOGIN_PROTOCOL, ACT_MAPPER_NAME) == null) {
            scope.addProtocolMapper(mapper(ACT_MAPPER_NAME, DelegationContract.ACT_MAPPER_ID, false));
        }
        // a refresh of the setup finds it a default scope already: adding it again is a duplicate key
        if (realm.getDefaultClientScopesStream(true).noneMatch(s -> s.getId().equals(scope.getId()))
                && realm.getDefaultClientScopesStream(false).noneMatch(s -> s.getId().equals(scope.getId()))) {
            realm.addDefaultClientScope(scope, true);
        }
        realm.getClientsStream()
                .filter(client -> OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol()) || client.getProtocol() == null)
                .filter(client -> !client.isBearerOnly())
                .filter(client -> !client.getClientScopes(true).containsKey(scope.getName()))
                .forEach(client -> client.addClientScope(scope, true));
    }

    static void uninstall(RealmModel realm) {
        find(realm).ifPresent(scope -> {
            realm.getClientsStream().forEach(client -> client.removeClientScope(scope));
            realm.removeDefaultClientScope(scope);
            realm.removeClientScope(scope.getId());
        });
    }

    private static Optional<ClientScopeModel> find(RealmModel realm) {
        return realm.getClientScopesStream()
                .filter(scope -> GovernanceContract.CLIENT_SCOPE_NAME.equals(scope.getName()))
                .findFirst();
    }

    private static ClientScopeModel create(RealmModel realm) {
        ClientScopeModel scope = realm.addClientScope(GovernanceContract.CLIENT_SCOPE_NAME);
        scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        scope.setDescription("Identity governance claims (identity_class, act), added by the identity governance pack");
        scope.setDisplayOnConsentScreen(false);
        scope.setIncludeInTokenScope(false);

        scope.addProtocolMapper(mapper(MAPPER_NAME, GovernanceContract.IDENTITY_CLASS_MAPPER_ID, true));
        scope.addProtocolMapper(mapper(ACT_MAPPER_NAME, DelegationContract.ACT_MAPPER_ID, false));
        return scope;
    }

    private static ProtocolMapperModel mapper(String name, String providerId, boolean inIdToken) {
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName(name);
        mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        mapper.setProtocolMapper(providerId);
        mapper.setConfig(Map.of(
                OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, String.valueOf(inIdToken),
                OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_LIGHTWEIGHT_ACCESS_TOKEN, "true"));
        return mapper;
    }
}

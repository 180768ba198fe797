package io.github.idgov.authenticators.machines;

import java.util.Set;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.context.ImplicitHybridTokenResponse;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;

/**
 * The user a token request of an interactive grant would issue a token to: a person proving who they are
 * (password, authorization code after a browser login, device verification, CIBA) or a refresh of such a session.
 * Client credentials and token exchange are not interactive and are not listed.
 */
final class InteractiveGrants {

    record Login(UserModel user, String grant) {
    }

    /** The events of an interactive grant's token, and of its refresh. */
    static final Set<ClientPolicyEvent> EVENTS = Set.of(ClientPolicyEvent.TOKEN_RESPONSE,
            ClientPolicyEvent.RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE, ClientPolicyEvent.DEVICE_TOKEN_RESPONSE,
            ClientPolicyEvent.IMPLICIT_HYBRID_TOKEN_RESPONSE, ClientPolicyEvent.BACKCHANNEL_TOKEN_RESPONSE,
            ClientPolicyEvent.TOKEN_REFRESH_RESPONSE);

    private InteractiveGrants() {
    }

    /** The interactive login behind the event, or null when the event is not one. */
    static Login of(ClientPolicyContext context) {
        return switch (context.getEvent()) {
            case TOKEN_RESPONSE -> login(((TokenResponseContext) context).getClientSession(), "authorization_code");
            case RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE ->
                    login(clientSession(((ResourceOwnerPasswordCredentialsResponseContext) context).getClientSessionContext()), "password");
            case DEVICE_TOKEN_RESPONSE -> login(((DeviceTokenResponseContext) context).getClientSession(), "device_code");
            case IMPLICIT_HYBRID_TOKEN_RESPONSE ->
                    login(clientSession(((ImplicitHybridTokenResponse) context).getClientSessionContext()), "implicit");
            case BACKCHANNEL_TOKEN_RESPONSE ->
                    login(clientSession(((BackchannelTokenResponseContext) context).getClientSessionContext()), "ciba");
            case TOKEN_REFRESH_RESPONSE -> login(((TokenRefreshResponseContext) context).getClientSession(), "refresh_token");
            default -> null;
        };
    }

    private static AuthenticatedClientSessionModel clientSession(ClientSessionContext context) {
        return context == null ? null : context.getClientSession();
    }

    private static Login login(AuthenticatedClientSessionModel clientSession, String grant) {
        UserSessionModel userSession = clientSession == null ? null : clientSession.getUserSession();
        UserModel user = userSession == null ? null : userSession.getUser();
        return user == null ? null : new Login(user, grant);
    }
}

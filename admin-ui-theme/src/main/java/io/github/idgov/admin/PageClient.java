package io.github.idgov.admin;

import java.util.Set;
import java.util.function.Consumer;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * A public PKCE client a page served by the pack logs in with (review page, approval page): authorization code flow
 * only, PKCE S256 required, redirects only to the page. Provisioned when governance is switched on (brought back to
 * this shape on every setup refresh) and removed when it is switched off.
 */
public final class PageClient {

    private PageClient() {
    }

    /**
     * @param pagePath  the page's path under the server, ending with {@code /}
     * @param fullScope whether the client's tokens carry every role of the user (the review API needs them)
     * @param onCreate  settings made only when the client is first created (an admin may change them afterwards)
     */
    public static void install(RealmModel realm, String clientId, String name, String pagePath, boolean fullScope,
                               Consumer<ClientModel> onCreate) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            client = realm.addClient(clientId);
            onCreate.accept(client);
        }
        client.setName(name);
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        client.setEnabled(true);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setConsentRequired(false);
        client.setFullScopeAllowed(fullScope);
        client.setRootUrl("${authBaseUrl}");
        client.setBaseUrl(pagePath);
        client.setRedirectUris(Set.of(pagePath + "*"));
        client.setWebOrigins(Set.of("+"));
        client.setAttribute("pkce.code.challenge.method", "S256");
        client.setAttribute("post.logout.redirect.uris", "+");
    }

    public static void uninstall(RealmModel realm, String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client != null) {
            realm.removeClient(client.getId());
        }
    }
}

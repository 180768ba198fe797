package io.github.idgov.admin.review;

import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The public PKCE client the review page logs in with, provisioned in a realm when governance is switched on and
 * removed when it is switched off. Authorization code flow only, PKCE S256 required, redirects only to the page.
 */
public final class ReviewClient {

    private ReviewClient() {
    }

    public static void install(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(ReviewApi.REVIEW_CLIENT_ID);
        if (client == null) {
            client = realm.addClient(ReviewApi.REVIEW_CLIENT_ID);
        }
        client.setName("Identity review page (identity governance)");
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        client.setEnabled(true);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setConsentRequired(false);
        client.setFullScopeAllowed(true);
        client.setRootUrl("${authBaseUrl}");
        client.setBaseUrl(pagePath(realm));
        client.setRedirectUris(Set.of(pagePath(realm) + "*"));
        client.setWebOrigins(Set.of("+"));
        client.setAttribute("pkce.code.challenge.method", "S256");
        client.setAttribute("post.logout.redirect.uris", "+");
    }

    public static void uninstall(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(ReviewApi.REVIEW_CLIENT_ID);
        if (client != null) {
            realm.removeClient(client.getId());
        }
    }

    static String pagePath(RealmModel realm) {
        return "/realms/" + realm.getName() + "/" + ReviewApi.PROVIDER_ID + "/review/";
    }
}

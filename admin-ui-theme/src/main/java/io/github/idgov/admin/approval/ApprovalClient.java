package io.github.idgov.admin.approval;

import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.delegation.ApprovalContract;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The public PKCE client the approval page logs in with, provisioned when governance is switched on and removed when
 * it is switched off. It asks for step-up level 2 within 300 s (client attributes the pack's step-up flow reads; an
 * admin may raise them), redirects only to the page.
 */
public final class ApprovalClient {

    static final String LEVEL = "2";
    static final String MAX_AGE = "300";

    private ApprovalClient() {
    }

    public static void install(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(ApprovalContract.APPROVAL_CLIENT_ID);
        if (client == null) {
            client = realm.addClient(ApprovalContract.APPROVAL_CLIENT_ID);
            client.setAttribute(StepUpContract.LEVEL_ATTRIBUTE, LEVEL);
            client.setAttribute(StepUpContract.MAX_AGE_ATTRIBUTE, MAX_AGE);
            ClientModel created = client; // the realm's default scopes (acr, basic: the claims the page's API checks)
            realm.getDefaultClientScopesStream(true).forEach(scope -> created.addClientScope(scope, true));
        }
        client.setName("Agent approvals (identity governance)");
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        client.setEnabled(true);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setConsentRequired(false);
        client.setFullScopeAllowed(false);
        client.setRootUrl("${authBaseUrl}");
        client.setBaseUrl(pagePath(realm));
        client.setRedirectUris(Set.of(pagePath(realm) + "*"));
        client.setWebOrigins(Set.of("+"));
        client.setAttribute("pkce.code.challenge.method", "S256");
        client.setAttribute("post.logout.redirect.uris", "+");
    }

    public static void uninstall(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(ApprovalContract.APPROVAL_CLIENT_ID);
        if (client != null) {
            realm.removeClient(client.getId());
        }
    }

    static String pagePath(RealmModel realm) {
        return "/realms/" + realm.getName() + "/" + ApprovalContract.PAGE_PROVIDER_ID + "/";
    }
}

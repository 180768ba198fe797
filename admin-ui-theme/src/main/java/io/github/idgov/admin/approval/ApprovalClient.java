package io.github.idgov.admin.approval;

import io.github.idgov.admin.PageClient;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.delegation.ApprovalContract;
import org.keycloak.models.RealmModel;

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
        PageClient.install(realm, ApprovalContract.APPROVAL_CLIENT_ID, "Agent approvals (identity governance)", pagePath(realm), false,
                created -> {
                    created.setAttribute(StepUpContract.LEVEL_ATTRIBUTE, LEVEL);
                    created.setAttribute(StepUpContract.MAX_AGE_ATTRIBUTE, MAX_AGE);
                    // the realm's default scopes (acr, basic: the claims the page's API checks)
                    realm.getDefaultClientScopesStream(true).forEach(scope -> created.addClientScope(scope, true));
                });
    }

    public static void uninstall(RealmModel realm) {
        PageClient.uninstall(realm, ApprovalContract.APPROVAL_CLIENT_ID);
    }

    static String pagePath(RealmModel realm) {
        return "/realms/" + realm.getName() + "/" + ApprovalContract.PAGE_PROVIDER_ID + "/";
    }
}

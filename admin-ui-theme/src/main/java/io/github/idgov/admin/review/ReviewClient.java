package io.github.idgov.admin.review;

import io.github.idgov.admin.PageClient;
import java.util.function.Consumer;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * The public PKCE client the review page logs in with, provisioned in a realm when governance is switched on and
 * removed when it is switched off. Authorization code flow only, PKCE S256 required, redirects only to the page.
 */
public final class ReviewClient {

    private ReviewClient() {
    }

    public static void install(RealmModel realm) {
        install(realm, created -> { });
    }

    static void install(RealmModel realm, Consumer<ClientModel> onCreate) {
        PageClient.install(realm, ReviewApi.REVIEW_CLIENT_ID, "Identity review page (identity governance)", pagePath(realm), true,
                onCreate);
    }

    public static void uninstall(RealmModel realm) {
        PageClient.uninstall(realm, ReviewApi.REVIEW_CLIENT_ID);
    }

    static String pagePath(RealmModel realm) {
        return "/realms/" + realm.getName() + "/" + ReviewApi.PROVIDER_ID + "/review/";
    }
}

package io.github.idgov.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
        client.setAttribute(PKCE_METHOD, "S256");
        client.setAttribute(DEVICE_GRANT, "false");
        client.setAttribute("post.logout.redirect.uris", "+");
    }

    private static final String PKCE_METHOD = "pkce.code.challenge.method";
    private static final String DEVICE_GRANT = "oauth2.device.authorization.grant.enabled";

    /**
     * How the client differs from the locked-down shape {@link #install} gives it, in words for a log line (empty when
     * it has that shape). Lets a caller leave a client in shape unwritten: rewriting it on every node at start-up
     * would invalidate it cluster-wide each time, and concurrent rewrites of its redirect URIs can collide.
     */
    public static List<String> deviations(ClientModel client, String pagePath, boolean fullScope) {
        List<String> found = new ArrayList<>();
        check(found, "protocol", OIDCLoginProtocol.LOGIN_PROTOCOL, client.getProtocol());
        check(found, "enabled", true, client.isEnabled());
        check(found, "public client", true, client.isPublicClient());
        check(found, "standard flow", true, client.isStandardFlowEnabled());
        check(found, "implicit flow", false, client.isImplicitFlowEnabled());
        check(found, "direct access grants", false, client.isDirectAccessGrantsEnabled());
        check(found, "service accounts", false, client.isServiceAccountsEnabled());
        check(found, "device grant", "false", Objects.requireNonNullElse(client.getAttribute(DEVICE_GRANT), "false"));
        check(found, "consent required", false, client.isConsentRequired());
        check(found, "full scope", fullScope, client.isFullScopeAllowed());
        check(found, "root URL", "${authBaseUrl}", client.getRootUrl());
        check(found, "base URL", pagePath, client.getBaseUrl());
        check(found, "redirect URIs", Set.of(pagePath + "*"), client.getRedirectUris());
        check(found, "web origins", Set.of("+"), client.getWebOrigins());
        check(found, "PKCE method", "S256", client.getAttribute(PKCE_METHOD));
        return found;
    }

    private static void check(List<String> found, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            found.add(what + " " + actual + " (expected " + expected + ")");
        }
    }

    public static void uninstall(RealmModel realm, String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client != null) {
            realm.removeClient(client.getId());
        }
    }
}

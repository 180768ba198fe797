package io.github.idgov.it.support;

import java.util.HashMap;
import java.util.Map;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Client flow settings through the admin API: how an administrator routes one client around the realm's browser flow,
 * or lets it take tokens straight from the authorization endpoint.
 */
public final class FlowBindings {

    private FlowBindings() {
    }

    /** Binds the client's browser login to the realm flow with that alias (e.g. Keycloak's built-in {@code browser}). */
    public static void overrideBrowserFlow(RealmResource realm, String clientId, String flowAlias) {
        String flowId = realm.flows().getFlows().stream().filter(f -> flowAlias.equals(f.getAlias()))
                .map(AuthenticationFlowRepresentation::getId).findFirst()
                .orElseThrow(() -> new AssertionError("no flow " + flowAlias));
        ClientResource client = realm.clients().get(realm.clients().findByClientId(clientId).get(0).getId());
        ClientRepresentation rep = client.toRepresentation();
        Map<String, String> overrides = rep.getAuthenticationFlowBindingOverrides() == null ? new HashMap<>()
                : new HashMap<>(rep.getAuthenticationFlowBindingOverrides());
        overrides.put("browser", flowId);
        rep.setAuthenticationFlowBindingOverrides(overrides);
        client.update(rep);
    }

    /** Lets the client use the implicit flow (and the hybrid flow's front-channel tokens). */
    public static void enableImplicitFlow(RealmResource realm, String clientId) {
        ClientResource client = realm.clients().get(realm.clients().findByClientId(clientId).get(0).getId());
        ClientRepresentation rep = client.toRepresentation();
        rep.setImplicitFlowEnabled(true);
        client.update(rep);
    }
}

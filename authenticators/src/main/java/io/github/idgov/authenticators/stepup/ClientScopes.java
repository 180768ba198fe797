package io.github.idgov.authenticators.stepup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;

/** The client scopes, among a client's default and optional ones, that a space-separated scope string names. */
final class ClientScopes {

    private ClientScopes() {
    }

    /** Default scopes always; optional ones when named (as Keycloak grants them). Cached models, no query. */
    static List<ClientScopeModel> granted(ClientModel client, String scopeParameter) {
        List<ClientScopeModel> scopes = new ArrayList<>(client.getClientScopes(true).values());
        Map<String, ClientScopeModel> optional = client.getClientScopes(false);
        for (String name : names(scopeParameter)) {
            ClientScopeModel scope = optional.get(name);
            if (scope != null) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    static List<String> names(String scopeParameter) {
        return scopeParameter == null || scopeParameter.isBlank() ? List.of()
                : Arrays.stream(scopeParameter.trim().split("\\s+")).toList();
    }
}

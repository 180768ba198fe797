package io.github.idgov.it.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;

/** Admin-API helpers for governance attributes on users and on clients' service-account users. */
public final class Principals {

    private Principals() {
    }

    public static UserResource user(RealmResource realm, String username) {
        List<UserRepresentation> found = realm.users().search(username, true);
        if (found.size() != 1) {
            throw new AssertionError("expected one user " + username + ", found " + found.size());
        }
        return realm.users().get(found.get(0).getId());
    }

    public static UserResource serviceAccount(RealmResource realm, String clientId) {
        String id = realm.clients().findByClientId(clientId).get(0).getId();
        return realm.users().get(realm.clients().get(id).getServiceAccountUser().getId());
    }

    /** Sets (or, with a null value, removes) governance attributes through the admin REST API. */
    public static void setAttributes(UserResource user, Map<String, String> changes) {
        UserRepresentation rep = user.toRepresentation();
        Map<String, List<String>> attributes = rep.getAttributes() == null ? new HashMap<>() : new HashMap<>(rep.getAttributes());
        changes.forEach((name, value) -> {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, new ArrayList<>(List.of(value)));
            }
        });
        rep.setAttributes(attributes);
        try {
            user.update(rep);
        } catch (jakarta.ws.rs.WebApplicationException e) {
            throw new AssertionError("update of " + rep.getUsername() + " refused: " + e.getResponse().getStatus() + " "
                    + e.getResponse().readEntity(String.class), e);
        }
    }

    public static void setEnabled(UserResource user, boolean enabled) {
        UserRepresentation rep = user.toRepresentation();
        rep.setEnabled(enabled);
        user.update(rep);
    }
}

package io.github.idgov.core.keycloak;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's role mappers read the roles of a client session context through {@code RoleResolveUtil}, which caches
 * them in the {@link KeycloakSession} per user session and client, not per context. A token or an endpoint answer
 * built again on a narrowed context in the same request would read the roles of the full context, a dropped scope's
 * role scope mappings included: the cache is forgotten first.
 */
public final class ResolvedRoles {

    private ResolvedRoles() {
    }

    /** Forgets the roles Keycloak resolved for this client session in this request (the next mapper resolves them again). */
    public static void forget(KeycloakSession session, AuthenticatedClientSessionModel clientSession) {
        session.removeAttribute(attribute(clientSession.getUserSession().getId(), clientSession.getClient().getId()));
    }

    /** {@code RoleResolveUtil}'s session attribute (Keycloak 26.7); {@code ResolvedRolesTest} runs Keycloak's own code against it. */
    static String attribute(String userSessionId, String clientId) {
        return "RESOLVED_ROLES:" + userSessionId + ":" + clientId;
    }
}

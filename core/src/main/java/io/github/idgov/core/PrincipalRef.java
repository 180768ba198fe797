package io.github.idgov.core;

/**
 * Identifies a principal: always a user; for a service account also the client it acts as.
 *
 * @param clientId the OAuth client_id when the user is a client's service account, else null
 */
public record PrincipalRef(String userId, String username, String clientId) {

    public boolean isServiceAccount() {
        return clientId != null;
    }
}

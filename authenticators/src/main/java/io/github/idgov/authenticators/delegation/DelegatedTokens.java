package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.delegation.DelegationContract;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.representations.JsonWebToken;

/**
 * Reads the {@code act} claim of a token without verifying it: only to decide which provider serves an exchange.
 * The provider that serves it verifies the token; anything unreadable is left to Keycloak's own error handling.
 */
final class DelegatedTokens {

    private DelegatedTokens() {
    }

    static boolean hasAct(String token) {
        return act(token) != null;
    }

    /** The act claim, or null (no token, not a JWS, no act). */
    static Object act(String token) {
        if (token == null || token.chars().filter(c -> c == '.').count() != 2) {
            return null;
        }
        try {
            return new JWSInput(token).readJsonContent(JsonWebToken.class).getOtherClaims().get(DelegationContract.ACT_CLAIM);
        } catch (JWSInputException | RuntimeException e) {
            return null; // not a readable JWT: not a delegated token; the serving provider reports it
        }
    }
}

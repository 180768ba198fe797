package io.github.idgov.core.keycloak;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;

/**
 * Access tokens of the session's realm, decoded with their signature checked once per request: a token exchange
 * shows the same subject token to several gates (lifecycle, limits, segmentation, step-up), and each decode is a
 * signature verification. The answer is kept on the request's session and dies with it; callers must not change
 * the token they get.
 */
public final class RequestTokens {

    private static final String ATTRIBUTE = RequestTokens.class.getName();

    private RequestTokens() {
    }

    /** The token, or empty when it is not a compact JWS this realm signed. */
    public static Optional<AccessToken> decode(KeycloakSession session, String token) {
        if (token == null || token.isBlank() || token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        return decoded(session).computeIfAbsent(token, t -> Optional.ofNullable(session.tokens().decode(t, AccessToken.class)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Optional<AccessToken>> decoded(KeycloakSession session) {
        Map<String, Optional<AccessToken>> decoded = session.getAttribute(ATTRIBUTE, Map.class);
        if (decoded == null) {
            decoded = new HashMap<>(4);
            session.setAttribute(ATTRIBUTE, decoded);
        }
        return decoded;
    }
}

package io.github.idgov.core.keycloak;

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

    private RequestTokens() {
    }

    /** The token, or empty when it is not a compact JWS this realm signed. */
    public static Optional<AccessToken> decode(KeycloakSession session, String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        Map<String, Optional<AccessToken>> decoded = RequestMemo.byValue(session, RequestTokens.class);
        Optional<AccessToken> known = decoded.get(token); // the second gate on: no new pass over the token
        if (known != null) {
            return known;
        }
        Optional<AccessToken> found = compactJws(token) ? Optional.ofNullable(session.tokens().decode(token, AccessToken.class))
                : Optional.empty();
        decoded.put(token, found);
        return found;
    }

    /** Three dot-separated parts: anything else (an encrypted token, garbage) is no token to decode. */
    static boolean compactJws(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.' && ++dots > 2) {
                return false;
            }
        }
        return dots == 2;
    }
}

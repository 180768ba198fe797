package io.github.idgov.authenticators.credentials;

import io.github.idgov.core.credentials.CredentialContract;
import io.github.idgov.core.credentials.SecretAge;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.OAuth2Constants;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.BasicAuthHelper;

/**
 * Whether a token request authenticated with the client's rotated secret: after a rotation Keycloak accepts the
 * previous secret for its rotated-expiration-period, whatever that secret's age, so the age policy must look at which
 * secret was presented ({@code client_secret_basic}, {@code client_secret_post}) or signed the {@code client-secret-jwt}
 * assertion.
 */
final class RotatedSecretUse {

    private RotatedSecretUse() {
    }

    /** When the presented secret is the client's rotated one and the pack noted its creation: that time. */
    static Optional<Instant> created(KeycloakSession session, ClientModel client) {
        String rotated = client.getAttribute(CredentialContract.ROTATED_SECRET);
        Instant created = SecretAge.epochSeconds(client.getAttribute(CredentialContract.ROTATED_SECRET_CREATED));
        if (rotated == null || created == null || !usedRotated(session.getContext().getHttpRequest(), rotated)) {
            return Optional.empty();
        }
        return Optional.of(created);
    }

    /** The rotated secret presented (basic, post) or, for client-secret-jwt, the key that signed the assertion. */
    private static boolean usedRotated(HttpRequest request, String rotated) {
        if (request == null) {
            return false;
        }
        String authorization = request.getHttpHeaders().getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] idAndSecret = BasicAuthHelper.RFC6749.parseHeader(authorization);
            return idAndSecret != null && idAndSecret.length >= 2 && same(idAndSecret[1], rotated);
        }
        var form = request.getDecodedFormParameters();
        if (form == null) {
            return false;
        }
        String assertion = form.getFirst(OAuth2Constants.CLIENT_ASSERTION);
        if (assertion != null) {
            return SecretSignedAssertion.signedWith(assertion, rotated);
        }
        String secret = form.getFirst(OAuth2Constants.CLIENT_SECRET);
        return secret != null && same(secret, rotated);
    }

    private static boolean same(String presented, String rotated) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), rotated.getBytes(StandardCharsets.UTF_8));
    }
}

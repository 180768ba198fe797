package io.github.idgov.authenticators.credentials;

import io.github.idgov.core.credentials.CredentialContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.BasicAuthHelper;

/**
 * Whether a token request authenticated with the client's rotated secret: after a rotation Keycloak accepts the
 * previous secret for its rotated-expiration-period, whatever that secret's age, so the age policy must look at which
 * secret was presented ({@code client_secret_basic} or {@code client_secret_post}). A signed {@code client-secret-jwt}
 * does not show which secret signed it: that method is judged by the current secret's age.
 */
final class RotatedSecretUse {

    private RotatedSecretUse() {
    }

    /** When the presented secret is the client's rotated one and the pack noted its creation: that time. */
    static Optional<Instant> created(KeycloakSession session, ClientModel client) {
        String rotated = client.getAttribute(CredentialContract.ROTATED_SECRET);
        String created = client.getAttribute(CredentialContract.ROTATED_SECRET_CREATED);
        if (rotated == null || created == null || !created.trim().matches("\\d{1,12}")) {
            return Optional.empty();
        }
        String presented = presentedSecret(session.getContext().getHttpRequest());
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), rotated.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(created.trim())));
    }

    private static String presentedSecret(HttpRequest request) {
        if (request == null) {
            return null;
        }
        String authorization = request.getHttpHeaders().getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] idAndSecret = BasicAuthHelper.RFC6749.parseHeader(authorization);
            return idAndSecret == null || idAndSecret.length < 2 ? null : idAndSecret[1];
        }
        var form = request.getDecodedFormParameters();
        return form == null ? null : form.getFirst("client_secret");
    }
}

package io.github.idgov.resourceserver;

import java.util.Map;
import java.util.Optional;

/**
 * The application's own token validation (signature against the issuer's keys, issuer, audience, expiry), e.g. with
 * Nimbus JOSE or jose4j, or introspection: the claims of a valid token, empty for anything else. The check never
 * reads claims of a token this has not verified.
 */
@FunctionalInterface
public interface TokenVerifier {

    Optional<Map<String, Object>> verify(String bearerToken);
}

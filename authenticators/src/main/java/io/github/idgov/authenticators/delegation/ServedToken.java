package io.github.idgov.authenticators.delegation;

import java.util.Optional;
import org.keycloak.OAuth2Constants;
import org.keycloak.http.HttpRequest;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;

/**
 * The access token a userinfo or introspection request is about, read from the request the endpoint is serving:
 * Keycloak hands its protocol mappers only the claims it rebuilds, never the token. The endpoint has verified this
 * same string in this request before any mapper runs, so it is only decoded here.
 */
final class ServedToken {

    /** The introspection endpoint's form parameter (RFC 7662). */
    private static final String INTROSPECTED = "token";

    private ServedToken() {
    }

    /** The bearer token of a userinfo request: the Authorization header, else the access_token form parameter. */
    static Optional<AccessToken> ofUserInfo(KeycloakSession session) {
        HttpRequest request = session.getContext().getHttpRequest();
        if (request == null) {
            return Optional.empty();
        }
        AppAuthManager.AuthHeader header = AppAuthManager.extractAuthorizationHeaderTokenOrReturnNull(request.getHttpHeaders());
        return decode(header != null ? header.getToken() : form(request, OAuth2Constants.ACCESS_TOKEN));
    }

    /** The token an introspection request names. */
    static Optional<AccessToken> ofIntrospection(KeycloakSession session) {
        HttpRequest request = session.getContext().getHttpRequest();
        return request == null ? Optional.empty() : decode(form(request, INTROSPECTED));
    }

    private static String form(HttpRequest request, String name) {
        try {
            return request.getDecodedFormParameters().getFirst(name);
        } catch (RuntimeException e) {
            return null; // not a form request (a GET to userinfo)
        }
    }

    private static Optional<AccessToken> decode(String raw) {
        if (raw == null || raw.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JWSInput(raw).readJsonContent(AccessToken.class));
        } catch (JWSInputException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

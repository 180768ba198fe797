package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.delegation.DelegationContract;
import io.github.idgov.core.keycloak.PrincipalResolver;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.util.TokenUtil;

/**
 * Verifies a subject token as Keycloak verifies a bearer token (signature, issuer, expiry, revocation, the user
 * and their session still active) and says which of these failed: the claims read after a refusal only pick the
 * error description, the decision is the verifier's.
 */
final class SubjectTokens {

    private SubjectTokens() {
    }

    record Result(AuthenticationManager.AuthResult verified, Refusals.Refusal refusal) {
    }

    static Result verify(KeycloakSession session, RealmModel realm, ClientConnection connection, HttpHeaders headers, String token) {
        AuthenticationManager.AuthResult verified = AuthenticationManager.verifyIdentityToken(session, realm,
                session.getContext().getUri(), connection, true, true, null, false, token, headers, verifier -> { });
        if (verified == null) {
            return unverifiedBecause(session, realm, token);
        }
        if (PrincipalResolver.isServiceAccount(verified.user())) {
            return refused("subject_token belongs to the machine " + verified.user().getUsername()
                    + ", not to a person who can delegate");
        }
        UserSessionModel userSession = verified.session();
        if (userSession == null || userSession.isOffline()
                || userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT) {
            return refused("subject_token must come from the user's active (online) session");
        }
        return new Result(verified, null);
    }

    /**
     * Why the verifier refused the token, read from its unverified claims only after the refusal: a token it accepts
     * is not parsed twice. The verifier checks issuer, type, expiry and revocation before any user or session lookup,
     * so looking at them first here names the same cause it stopped at.
     */
    private static Result unverifiedBecause(KeycloakSession session, RealmModel realm, String token) {
        AccessToken unverified;
        try {
            unverified = new JWSInput(token).readJsonContent(AccessToken.class);
        } catch (JWSInputException | RuntimeException e) {
            return refused("subject_token is not a JWT access token");
        }
        String issuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        if (!issuer.equals(unverified.getIssuer())) {
            return refused("subject_token was not issued by this realm");
        }
        if (!TokenUtil.TOKEN_TYPE_BEARER.equals(unverified.getType())) {
            return refused("subject_token is not an access token (type " + unverified.getType() + ")");
        }
        if (unverified.getExp() != null && unverified.getExp() <= Time.currentTime()) {
            return refused("subject_token has expired");
        }
        if (unverified.getId() != null && session.revokedTokens().contains(unverified.getId())) {
            return refused("subject_token has been revoked");
        }
        UserModel user = unverified.getSubject() == null ? null : session.users().getUserById(realm, unverified.getSubject());
        if (user != null && !user.isEnabled()) {
            return new Result(null, new Refusals.Refusal(DelegationContract.POLICY_SUBJECT_TOKEN, OAuthErrorException.ACCESS_DENIED,
                    Response.Status.BAD_REQUEST, Errors.USER_DISABLED, "user " + user.getUsername() + " is disabled"));
        }
        if (unverified.getSessionId() != null && session.sessions().getUserSession(realm, unverified.getSessionId()) == null) {
            return refused("the user session of subject_token is not active");
        }
        return refused("subject_token is not valid (signature, user or session)");
    }

    private static Result refused(String description) {
        return new Result(null, new Refusals.Refusal(DelegationContract.POLICY_SUBJECT_TOKEN, OAuthErrorException.INVALID_REQUEST,
                Response.Status.BAD_REQUEST, Errors.INVALID_TOKEN, description));
    }
}

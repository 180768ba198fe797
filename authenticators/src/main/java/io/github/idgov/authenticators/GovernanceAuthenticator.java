package io.github.idgov.authenticators;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The pack's authenticators: steps that decide in {@code authenticate} and ask the user nothing, so they are set up
 * for every user, leave required actions to the flow and hold nothing. Each says whether it needs the user.
 */
public interface GovernanceAuthenticator extends Authenticator {

    /** No form of its own, so no form post to handle. */
    @Override
    default void action(AuthenticationFlowContext context) {
        context.success();
    }

    @Override
    default boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    default void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // nothing to set up outside the login
    }

    @Override
    default void close() {
        // nothing held
    }
}

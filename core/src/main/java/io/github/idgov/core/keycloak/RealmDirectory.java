package io.github.idgov.core.keycloak;

import io.github.idgov.core.PrincipalDirectory;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Finds owners and sponsors among the realm's users. */
public final class RealmDirectory implements PrincipalDirectory {

    private final KeycloakSession session;
    private final RealmModel realm;

    public RealmDirectory(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    @Override
    public Optional<PrincipalState> find(String username) {
        return Optional.ofNullable(session.users().getUserByUsername(realm, username))
                .map(user -> new PrincipalState(user.isEnabled(), PrincipalResolver.identityClass(user)));
    }
}

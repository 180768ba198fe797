package io.github.idgov.admin;

import io.github.idgov.core.GovernanceAttribute;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Adds the governance group and attributes to a realm's declarative user profile. Attributes the realm
 * already has are kept as they are, unless the pack declared them (then they are refreshed to this version).
 */
final class UserProfileBootstrap {

    private static final Logger LOG = Logger.getLogger(UserProfileBootstrap.class);

    private UserProfileBootstrap() {
    }

    static void install(KeycloakSession session, RealmModel realm) {
        // the user-profile provider works on the context realm
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
            UPConfig config = profiles.getConfiguration();
            if (config.getGroups().stream().noneMatch(g -> GovernanceAttribute.GROUP.equals(g.getName()))) {
                config.addGroup(GovernanceProfileAttributes.group());
            }
            for (GovernanceAttribute attribute : GovernanceAttribute.values()) {
                UPAttribute existing = config.getAttribute(attribute.attributeName());
                if (existing == null || GovernanceProfileAttributes.isManaged(existing)) {
                    config.addOrReplaceAttribute(GovernanceProfileAttributes.declaration(attribute));
                } else {
                    LOG.warnf("Realm '%s' declares user-profile attribute '%s' itself; the pack leaves it unchanged",
                            realm.getName(), attribute.attributeName());
                }
            }
            profiles.setConfiguration(config);
        } finally {
            session.getContext().setRealm(previous);
        }
    }
}

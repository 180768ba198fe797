package io.github.idgov.core.keycloak;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.GovernanceMode;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/** Reads a realm's governance mode. */
public final class RealmGovernance {

    private static final Logger LOG = Logger.getLogger(RealmGovernance.class);

    private RealmGovernance() {
    }

    /**
     * The realm's mode; absent means off. A stored value that is not a mode (it can only get there around the
     * pack's validation, e.g. by direct database edits) fails closed to enforce and is logged as an error.
     */
    public static GovernanceMode mode(RealmModel realm) {
        String raw = realm.getAttribute(GovernanceContract.REALM_MODE_ATTRIBUTE);
        if (raw == null || raw.isBlank()) {
            return GovernanceMode.OFF;
        }
        Optional<GovernanceMode> mode = parseMode(raw);
        if (mode.isEmpty()) {
            LOG.errorf("Realm '%s' has invalid %s '%s' (allowed: %s); treating it as enforce",
                    realm.getName(), GovernanceContract.REALM_MODE_ATTRIBUTE, raw, AttributeValue.allowed(GovernanceMode.class));
            return GovernanceMode.ENFORCE;
        }
        return mode.get();
    }

    public static Optional<GovernanceMode> parseMode(String raw) {
        return AttributeValue.parse(GovernanceMode.class, raw);
    }
}

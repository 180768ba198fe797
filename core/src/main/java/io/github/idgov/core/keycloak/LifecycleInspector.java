package io.github.idgov.core.keycloak;

import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.LifecycleFinding;
import io.github.idgov.core.LifecycleMarkers;
import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.RequiredAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Applies the {@link LifecyclePolicy} to a Keycloak user as stored right now. Reads through Keycloak's own
 * (cluster-invalidated) user cache and holds nothing between calls.
 */
public final class LifecycleInspector {

    private LifecycleInspector() {
    }

    public static List<LifecycleFinding> inspect(KeycloakSession session, RealmModel realm, UserModel user,
                                                 LifecyclePolicy policy, Instant now) {
        return policy.evaluate(PrincipalResolver.resolve(realm, user),
                LifecycleMarkers.from(user.getAttributes(), user.getCreatedTimestamp()), now,
                new RealmDirectory(session, realm));
    }

    /** What stands between the principal and a token: the lifecycle findings, and the attributes its class lacks. */
    public static List<LifecycleFinding> inspectForToken(KeycloakSession session, RealmModel realm, UserModel user,
                                                         LifecyclePolicy policy, Instant now) {
        GovernanceRecord record = PrincipalResolver.resolve(realm, user);
        List<LifecycleFinding> findings = new ArrayList<>(policy.evaluate(record,
                LifecycleMarkers.from(user.getAttributes(), user.getCreatedTimestamp()), now, new RealmDirectory(session, realm)));
        RequiredAttributes.finding(record).ifPresent(findings::add);
        return findings;
    }
}

package io.github.idgov.admin;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.Enforcement;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRules;
import io.github.idgov.core.Violation;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmDirectory;
import io.github.idgov.core.keycloak.RealmGovernance;
import io.github.idgov.admin.index.UserPages;
import io.github.idgov.core.PrincipalDirectory;
import io.github.idgov.core.PrincipalDirectory.PrincipalState;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Applies the governance rules to a realm being imported (realm import bypasses the user profile). A refusal
 * fails the whole import, naming realm, user and field, so nothing is half-imported.
 */
final class ImportCheck {

    private ImportCheck() {
    }

    /** Users read per keyset page (username order). */
    private static final int PAGE = 500;

    /** A monitor-mode finding, recorded once the read-only pass is over. */
    private record WouldDeny(String username, String reason) {
    }

    private static void check(GovernanceMode mode, GovernanceRules rules, PrincipalDirectory directory, UserModel user,
                              List<String> refusals, List<WouldDeny> findings) {
        List<Violation> violations = rules.validate(user.getAttributes(), PrincipalResolver.isServiceAccount(user), directory);
        for (Violation violation : violations) {
            switch (Enforcement.of(mode, violation)) {
                case REJECT -> refusals.add("user '" + user.getUsername() + "': " + violation.describe());
                case RECORD -> findings.add(new WouldDeny(user.getUsername(), violation.describe()));
                case IGNORE -> { }
            }
        }
    }

    static void run(KeycloakSession session, RealmModel realm, GovernanceRules rules) {
        String rawMode = realm.getAttribute(GovernanceContract.REALM_MODE_ATTRIBUTE);
        if (rawMode != null && RealmGovernance.parseMode(rawMode).isEmpty()) {
            throw new ModelException("Realm '" + realm.getName() + "': attribute " + GovernanceContract.REALM_MODE_ATTRIBUTE
                    + ": \"" + rawMode + "\" is not one of: " + AttributeValue.allowed(GovernanceMode.class));
        }
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn()) {
            return;
        }
        // owners and sponsors are looked up once each: thousands of machines name the same few people
        Map<String, Optional<PrincipalState>> owners = new HashMap<>();
        RealmDirectory realmDirectory = new RealmDirectory(session, realm);
        PrincipalDirectory directory = username -> owners.computeIfAbsent(username, realmDirectory::find);
        List<String> refusals = new ArrayList<>();
        List<WouldDeny> findings = new ArrayList<>();
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        // The import's one transaction holds every entity it created; each query below would first dirty-check all of
        // them (auto-flush), a cost quadratic in the realm's size. The check only reads: flush once, then read without.
        em.flush();
        FlushModeType flushMode = em.getFlushMode();
        em.setFlushMode(FlushModeType.COMMIT);
        try {
            String after = null;
            List<UserModel> page;
            do {
                page = UserPages.after(session, realm, after, PAGE);
                for (UserModel user : page) {
                    check(mode, rules, directory, user, refusals, findings);
                }
                after = page.isEmpty() ? null : page.get(page.size() - 1).getUsername();
            } while (page.size() == PAGE);
        } finally {
            em.setFlushMode(flushMode);
        }
        findings.forEach(finding -> DecisionLog.wouldDeny(session, realm, finding.username(), "governance-attributes", finding.reason()));
        if (!refusals.isEmpty()) {
            throw new ModelException("Realm '" + realm.getName() + "' (identity governance " + mode.value() + "): "
                    + String.join("; ", refusals));
        }
    }
}

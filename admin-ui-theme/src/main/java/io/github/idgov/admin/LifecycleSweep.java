package io.github.idgov.admin;

import io.github.idgov.admin.approval.ApprovalRetention;
import io.github.idgov.admin.index.IdentityIndex;
import io.github.idgov.admin.index.UserPages;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.credentials.CredentialPolicy;
import io.github.idgov.core.keycloak.RealmGovernance;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * The lifecycle sweep: pages through the users of every governed realm, one short transaction per page (constant
 * memory), and applies {@link SweepStep} to each and {@link SecretAgeSweep} to its client secret, if it has one.
 * Idempotent: a second run over unchanged data changes and records nothing.
 */
final class LifecycleSweep implements ScheduledTask {

    static final String TASK_NAME = "idgov-lifecycle-sweep";
    private static final Logger LOG = Logger.getLogger(LifecycleSweep.class);

    private final KeycloakSessionFactory factory;
    private final Supplier<LifecyclePolicy> policy;
    private final SweepStep.Settings settings;
    private final int approvalRetentionSeconds;
    private final Clock clock;

    LifecycleSweep(KeycloakSessionFactory factory, Supplier<LifecyclePolicy> policy, SweepStep.Settings settings,
                   int approvalRetentionSeconds, Clock clock) {
        this.factory = factory;
        this.policy = policy;
        this.settings = settings;
        this.approvalRetentionSeconds = approvalRetentionSeconds;
        this.clock = clock;
    }

    @Override
    public String getTaskName() {
        return TASK_NAME;
    }

    @Override
    public void run(KeycloakSession session) {
        List<String> realmIds = session.realms().getRealmsStream()
                .filter(realm -> RealmGovernance.mode(realm).isOn()).map(RealmModel::getId).toList();
        // the start is what the cluster lease spaces one interval apart (a run's length varies with its work)
        LOG.infof("Lifecycle sweep started (%d governed realms)", realmIds.size());
        for (String realmId : realmIds) {
            // read once per run: the gate's own configuration, so the sweep judges secrets as the token endpoint does
            Optional<CredentialPolicy> credentials = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    inner -> Optional.ofNullable(inner.realms().getRealm(realmId)).flatMap(realm -> RealmCredentialPolicy.read(inner, realm)));
            int users = 0;
            int changes = 0;
            String[] after = {null};
            while (true) {
                String from = after[0];
                int[] page = KeycloakModelUtils.runJobInTransactionWithResult(factory, inner -> sweepPage(inner, realmId, credentials, from, after));
                users += page[0];
                changes += page[1];
                if (page[0] < settings.batchSize()) {
                    break;
                }
            }
            // the orphan flags of the review index, set in one pass (a row-by-row lookup would cost two queries per identity)
            int repaired = KeycloakModelUtils.runJobInTransactionWithResult(factory, inner -> IdentityIndex.repairOrphanFlags(inner, realmId));
            if (repaired > 0) {
                LOG.infof("Lifecycle sweep of realm %s: %d orphan flags of the review index repaired", realmId, repaired);
            }
            LOG.infof("Lifecycle sweep of realm %s: %d identities, %d changes", realmId, users, changes);
        }
        removeEndedApprovals();
    }

    /** CIBA approval rows kept past their expiry for the retention period, then removed (every realm, one statement). */
    private void removeEndedApprovals() {
        long before = clock.instant().getEpochSecond() - approvalRetentionSeconds;
        Map<String, Long> removed = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                inner -> ApprovalRetention.removeEnded(inner, before));
        removed.forEach((realmId, count) -> LOG.infof("Approval retention of realm %s: %d approvals ended before %s removed",
                realmId, count, Instant.ofEpochSecond(before)));
    }

    /** @return {identities looked at, changes made} */
    /** @param last receives the page's last username, where the next page starts */
    private int[] sweepPage(KeycloakSession session, String realmId, Optional<CredentialPolicy> credentials, String from, String[] last) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return new int[] {0, 0};
        }
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn()) {
            return new int[] {0, 0};
        }
        session.getContext().setRealm(realm);
        List<UserModel> users = UserPages.after(session, realm, from, settings.batchSize());
        if (!users.isEmpty()) {
            last[0] = users.get(users.size() - 1).getUsername();
        }
        // the page's index rows in one query: the day of last use and the refresh below then find them in the persistence context
        IdentityIndex.preload(session, users.stream().map(UserModel::getId).toList());
        LifecyclePolicy current = policy.get();
        Instant now = clock.instant();
        SweepStep step = new SweepStep(session, realm, mode, current, settings, now);
        Optional<SecretAgeSweep> secrets = credentials.map(policy -> new SecretAgeSweep(session, realm, policy, mode, now));
        int changes = 0;
        for (UserModel user : users) {
            changes += step.apply(user);
            changes += secrets.map(s -> s.apply(user)).orElse(0);
            // catches what reached the user without an event (federation, direct imports); unchanged rows are not written
            IdentityIndex.refreshFacts(session, realm, user, current);
        }
        return new int[] {users.size(), changes};
    }
}

package io.github.idgov.admin.index;

import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Builds the review index of every governed realm whose index is not complete: pages through its users, one short
 * transaction per batch (constant memory), writes each row, deletes the rows it did not reach (users removed by a
 * path that sent no event) and marks the realm ready. Users changed while it runs are written by their own events,
 * with a later time, so they are kept.
 */
public final class IdentityIndexBuild implements ScheduledTask {

    public static final String TASK_NAME = "idgov-identity-index";
    private static final Logger LOG = Logger.getLogger(IdentityIndexBuild.class);

    private final KeycloakSessionFactory factory;
    private final Supplier<LifecyclePolicy> policy;
    private final int batchSize;

    public IdentityIndexBuild(KeycloakSessionFactory factory, Supplier<LifecyclePolicy> policy, int batchSize) {
        this.factory = factory;
        this.policy = policy;
        this.batchSize = batchSize;
    }

    @Override
    public String getTaskName() {
        return TASK_NAME;
    }

    @Override
    public void run(KeycloakSession session) {
        List<String> pending = session.realms().getRealmsStream()
                .filter(realm -> RealmGovernance.mode(realm).isOn() && !IdentityIndex.ready(realm)).map(RealmModel::getId).toList();
        for (String realmId : pending) {
            long start = System.currentTimeMillis();
            int users = 0;
            String after = null;
            while (true) {
                String from = after;
                List<String> read = KeycloakModelUtils.runJobInTransactionWithResult(factory, inner -> indexBatch(inner, realmId, from, start));
                users += read.size();
                if (read.size() < batchSize) {
                    break;
                }
                after = read.get(read.size() - 1);
            }
            KeycloakModelUtils.runJobInTransaction(factory, inner -> complete(inner, realmId, start));
            LOG.infof("Review index of realm %s built: %d identities in %d ms", realmId, users, System.currentTimeMillis() - start);
        }
    }

    /** @return the usernames of the batch, in order */
    private List<String> indexBatch(KeycloakSession session, String realmId, String after, long start) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || !RealmGovernance.mode(realm).isOn()) {
            return List.of();
        }
        session.getContext().setRealm(realm);
        List<UserModel> users = UserPages.after(session, realm, after, batchSize);
        LifecyclePolicy current = policy.get();
        for (UserModel user : users) {
            IdentityIndex.write(session, realm, user, current, true, start, false);
        }
        return users.stream().map(UserModel::getUsername).toList();
    }

    private static void complete(KeycloakSession session, String realmId, long start) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || !RealmGovernance.mode(realm).isOn()) {
            return;
        }
        EntityManager em = IdentityIndex.entityManager(session);
        em.createQuery("delete from IdentityIndexEntity i where i.realmId = :realm and i.indexedAt < :start")
                .setParameter("realm", realmId).setParameter("start", start).executeUpdate();
        // rows were written in username order, owners after some of their machines: every flag is set now, in one pass
        new OrphanFlags(em, realmId).repairRealm();
        realm.setAttribute(IdentityIndex.READY_ATTRIBUTE, IdentityIndex.VERSION);
    }
}

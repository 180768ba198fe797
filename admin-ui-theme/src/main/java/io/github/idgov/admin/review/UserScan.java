package io.github.idgov.admin.review;

import io.github.idgov.core.LifecyclePolicy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Walks a realm's users in Keycloak's query order (username), {@value ReviewApi#SCAN_BATCH} at a time, each batch
 * in a transaction of its own so the persistence context never holds more than one batch (constant memory, like
 * the lifecycle sweep). Filters Keycloak can apply are passed to its query; the caller's visitor sees each
 * visible identity's {@link Assessment} inside the batch's transaction.
 */
final class UserScan {

    /** Sees one identity; answers false to stop the scan. */
    interface Visitor {
        boolean visit(KeycloakSession session, RealmModel realm, Assessor assessor, Assessment assessment);
    }

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final LifecyclePolicy policy;
    private final StatusWindows windows;
    private final Instant now;
    /** Null when the caller may view every user; else judged on the caller's own request session. */
    private final Predicate<String> visibleId;

    /**
     * @param visibleId whether the caller may view the user of an id, or null when it may view every user. It is asked
     *                  outside the scan's batch transactions: Keycloak's admin permissions evaluate for the caller on
     *                  the request's session, and a batch session is not that.
     */
    UserScan(KeycloakSessionFactory factory, String realmId, LifecyclePolicy policy, StatusWindows windows, Instant now,
             Predicate<String> visibleId) {
        this.factory = factory;
        this.realmId = realmId;
        this.policy = policy;
        this.windows = windows;
        this.now = now;
        this.visibleId = visibleId;
    }

    /** @return the number of users Keycloak's query returned (read, before the visitor's filters) */
    int run(Map<String, String> pushdown, Visitor visitor) {
        return run(pushdown, 0, visitor);
    }

    /** @param start the query offset to start at (when nothing is filtered in memory, a page starts at its own offset) */
    int run(Map<String, String> pushdown, int start, Visitor visitor) {
        int offset = start;
        int read = 0;
        while (true) {
            int from = offset;
            int[] batch = visibleId == null
                    ? KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> batch(session, pushdown, from, visitor))
                    : filteredBatch(pushdown, from, visitor);
            read += batch[0];
            if (batch[1] == 1 || batch[0] < ReviewApi.SCAN_BATCH) {
                return read;
            }
            offset += ReviewApi.SCAN_BATCH;
        }
    }

    /** A batch for a caller with per-user permissions: the ids, then the caller's judgement, then the visible ones assessed. */
    private int[] filteredBatch(Map<String, String> pushdown, int first, Visitor visitor) {
        List<String> ids = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return List.<String>of();
            }
            session.getContext().setRealm(realm);
            ReadOnlyBatch.begin(session);
            return session.users().searchForUserStream(realm, new HashMap<>(pushdown), first, ReviewApi.SCAN_BATCH).map(UserModel::getId).toList();
        });
        List<String> visible = ids.stream().filter(visibleId).toList();
        boolean stopped = !visible.isEmpty() && KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return true;
            }
            session.getContext().setRealm(realm);
            ReadOnlyBatch.begin(session);
            Assessor assessor = new Assessor(session, realm, policy, windows, now);
            for (String id : visible) {
                UserModel user = session.users().getUserById(realm, id);
                if (user != null && !visitor.visit(session, realm, assessor, assessor.assess(user))) {
                    return true;
                }
            }
            return false;
        });
        return new int[] {ids.size(), stopped ? 1 : 0};
    }

    /** @return {users read, 1 when the visitor stopped} */
    private int[] batch(KeycloakSession session, Map<String, String> pushdown, int first, Visitor visitor) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return new int[] {0, 1};
        }
        session.getContext().setRealm(realm);
        ReadOnlyBatch.begin(session);
        List<UserModel> users = session.users().searchForUserStream(realm, new HashMap<>(pushdown), first, ReviewApi.SCAN_BATCH).toList();
        Assessor assessor = new Assessor(session, realm, policy, windows, now);
        for (UserModel user : users) {
            if (!visitor.visit(session, realm, assessor, assessor.assess(user))) {
                return new int[] {users.size(), 1};
            }
        }
        return new int[] {users.size(), 0};
    }
}

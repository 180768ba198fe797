package io.github.idgov.admin.review;

import io.github.idgov.core.LifecyclePolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
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
    private final BiPredicate<KeycloakSession, UserModel> visible;

    UserScan(KeycloakSessionFactory factory, String realmId, LifecyclePolicy policy, StatusWindows windows, Instant now,
             BiPredicate<KeycloakSession, UserModel> visible) {
        this.factory = factory;
        this.realmId = realmId;
        this.policy = policy;
        this.windows = windows;
        this.now = now;
        this.visible = visible;
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
            int[] batch = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> batch(session, pushdown, from, visitor));
            read += batch[0];
            if (batch[1] == 1 || batch[0] < ReviewApi.SCAN_BATCH) {
                return read;
            }
            offset += ReviewApi.SCAN_BATCH;
        }
    }

    /** @return {users read, 1 when the visitor stopped} */
    private int[] batch(KeycloakSession session, Map<String, String> pushdown, int first, Visitor visitor) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return new int[] {0, 1};
        }
        session.getContext().setRealm(realm);
        ReadOnlyBatch.begin(session);
        List<UserModel> users = session.users().searchForUserStream(realm, new java.util.HashMap<>(pushdown), first, ReviewApi.SCAN_BATCH).toList();
        Assessor assessor = new Assessor(session, realm, policy, windows, now);
        for (UserModel user : users) {
            if (visible.test(session, user) && !visitor.visit(session, realm, assessor, assessor.assess(user))) {
                return new int[] {users.size(), 1};
            }
        }
        return new int[] {users.size(), 0};
    }
}

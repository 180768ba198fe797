package io.github.idgov.admin.review;

import io.github.idgov.core.LifecyclePolicy;
import java.time.Instant;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Streams an export from the review index: the filtered identities in username order, {@value ReviewApi#SCAN_BATCH}
 * at a time by keyset (no offsets), each batch in a transaction of its own, each identity re-checked live.
 */
final class IndexedExport {

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final LifecyclePolicy policy;
    private final StatusWindows windows;
    private final Instant now;

    IndexedExport(KeycloakSessionFactory factory, String realmId, LifecyclePolicy policy, StatusWindows windows, Instant now) {
        this.factory = factory;
        this.realmId = realmId;
        this.policy = policy;
        this.windows = windows;
        this.now = now;
    }

    void run(IdentityQuery query, ExportWriter writer) {
        String after = null;
        while (true) {
            String from = after;
            after = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> batch(session, query, from, writer));
            if (after == null) {
                return;
            }
        }
    }

    /** @return the last username of a full batch, null when this was the last one */
    private String batch(KeycloakSession session, IdentityQuery query, String after, ExportWriter writer) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return null;
        }
        session.getContext().setRealm(realm);
        ReadOnlyBatch.begin(session);
        List<IndexedListing.Entry> entries = new IndexedListing(session, realm, now, windows).batchAfter(query, after, ReviewApi.SCAN_BATCH);
        Assessor assessor = new Assessor(session, realm, policy, windows, now);
        for (IndexedListing.Entry entry : entries) {
            UserModel user = session.users().getUserById(realm, entry.userId());
            if (user != null) {
                Assessment assessment = assessor.assess(user);
                if (query.matches(assessment)) {
                    writer.write(IdentitySummary.of(session, realm, assessor, assessment, false));
                }
            }
        }
        return entries.size() < ReviewApi.SCAN_BATCH ? null : entries.get(entries.size() - 1).username();
    }
}

package io.github.idgov.admin.review;

import io.github.idgov.admin.PageClient;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.keycloak.RealmGovernance;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The review page's client in the administration realm ({@code master}), where most administrators sign in and manage
 * the other realms from: present while any realm is governed, so the console's link logs them into the page without
 * a second login and without anyone adding the client by hand.
 *
 * <p>The pack's own client carries {@code idgov.managed=true}: it is created when missing, brought back to the
 * locked-down shape when it drifts, and removed when no realm is governed any more. A client of that name without the
 * marker (one an administrator added by hand, as the README once said) is theirs: never changed nor removed, only a
 * warning when it is looser than the pack's. A governed {@code master} has the client from its own setup.
 *
 * <p>It is reconciled from the state in the database (which realms are governed), in its own transaction after a
 * realm's switch committed, after a governed realm is removed and at start-up, so the order in which nodes or
 * requests get there does not matter. Two nodes creating it at once: the database's unique client id refuses the
 * second, which looks again and finds it.
 */
public final class AdminRealmReviewClient {

    private static final Logger LOG = Logger.getLogger(AdminRealmReviewClient.class);

    /** Marks the client the pack created (and may change or remove); the pack's marker for what it manages. */
    static final String MANAGED_ATTRIBUTE = GovernanceContract.MANAGED_ANNOTATION;

    private AdminRealmReviewClient() {
    }

    /** Reconciles once the session's transaction has committed (nothing when it rolls back). */
    public static void reconcileAfterCommit(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                reconcile(factory);
            }

            @Override
            protected void rollbackImpl() {
                // the switch did not happen
            }
        });
    }

    /** Brings the client in line with the governed realms; a failure is logged, never thrown at the caller. */
    public static void reconcile(KeycloakSessionFactory factory) {
        for (int attempt = 1; ; attempt++) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, AdminRealmReviewClient::reconcile);
                return;
            } catch (RuntimeException e) {
                if (attempt == 2) {
                    LOG.errorf(e, "Could not reconcile the %s client of realm %s; it is reconciled again at the next start-up or switch",
                            ReviewApi.REVIEW_CLIENT_ID, Config.getAdminRealm());
                    return;
                }
                // another node created or removed it at the same moment: look again at what it left
                LOG.debugf(e, "Reconciling the %s client of realm %s collided; looking again", ReviewApi.REVIEW_CLIENT_ID,
                        Config.getAdminRealm());
            }
        }
    }

    private static void reconcile(KeycloakSession session) {
        RealmModel admin = session.realms().getRealmByName(Config.getAdminRealm());
        if (admin == null || RealmGovernance.mode(admin).isOn()) {
            return; // a governed admin realm has the client from its own setup
        }
        session.getContext().setRealm(admin);
        boolean needed = session.realms().getRealmsStream().anyMatch(realm -> RealmGovernance.mode(realm).isOn());
        ClientModel client = admin.getClientByClientId(ReviewApi.REVIEW_CLIENT_ID);
        String path = ReviewClient.pagePath(admin);
        if (client == null) {
            if (needed) {
                ReviewClient.install(admin, created -> created.setAttribute(MANAGED_ATTRIBUTE, "true"));
                LOG.infof("Created the %s client in realm %s (a realm is governed)", ReviewApi.REVIEW_CLIENT_ID, admin.getName());
            }
            return;
        }
        List<String> deviations = PageClient.deviations(client, path, true);
        if (!"true".equals(client.getAttribute(MANAGED_ATTRIBUTE))) {
            if (needed && !deviations.isEmpty()) {
                LOG.warnf("Realm %s has an %s client the pack did not create; left as it is, though it differs from the pack's: %s",
                        admin.getName(), ReviewApi.REVIEW_CLIENT_ID, String.join("; ", deviations));
            }
        } else if (!needed) {
            admin.removeClient(client.getId());
            LOG.infof("Removed the %s client from realm %s (no realm is governed)", ReviewApi.REVIEW_CLIENT_ID, admin.getName());
        } else if (!deviations.isEmpty()) {
            ReviewClient.install(admin);
            LOG.infof("Brought the %s client of realm %s back to its shape: %s", ReviewApi.REVIEW_CLIENT_ID, admin.getName(),
                    String.join("; ", deviations));
        }
    }
}

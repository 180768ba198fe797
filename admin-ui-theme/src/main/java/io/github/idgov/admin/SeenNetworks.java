package io.github.idgov.admin;

import io.github.idgov.core.alerts.Alert;
import io.github.idgov.core.alerts.AlertContract;
import io.github.idgov.core.alerts.AlertKind;
import io.github.idgov.core.alerts.NetworkMemory;
import io.github.idgov.core.keycloak.AlertLog;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Learns a network range for a machine client's {@value AlertContract#SEEN_NETWORKS_ATTRIBUTE} without losing a
 * concurrent update. The attribute is a read-modify-write of one value: two requests from two new ranges at once (on
 * one node or two) would each write the list they read plus their own range, and the later commit would drop the
 * other's range (or both would insert the first value and one would fail). So a new range is learned in a transaction
 * of its own, after the request commits, holding the client's database row lock ({@code SELECT … FOR UPDATE}, shared
 * by every node): it reads the committed list, merges its range and decides the alert on what it read. A range
 * already in the (cached) list costs nothing and takes no lock; a request that finds its range learned in the
 * meantime writes nothing and raises nothing.
 */
final class SeenNetworks {

    private static final Logger LOG = Logger.getLogger(SeenNetworks.class);
    private static final String LOCK_CLIENT = "select c from ClientEntity c where c.id = :id";
    private static final String READ_ATTRIBUTE = "select a.value from ClientAttributeEntity a where a.client.id = :id and a.name = :name";

    /** One use of a machine client from a network range, with what the alert's evidence says about it. */
    record Use(String realmId, String clientId, String identity, String range, String ip, String eventType) {
    }

    private SeenNetworks() {
    }

    /** Learns the range after the request's transaction commits (nothing is learned from a request rolled back). */
    static void learnAfterCommit(KeycloakSession session, Use use, int capacity) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, job -> learn(job, use, capacity));
                } catch (RuntimeException e) {
                    // the token was issued; only this range's memory (and its alert) is missing, the next use retries
                    LOG.warnf(e, "Network range %s of client %s not learned", use.range(), use.clientId());
                }
            }

            @Override
            protected void rollbackImpl() {
                // the request did not happen
            }
        });
    }

    /** In its own transaction: lock the client's row, read the committed list, merge, alert on a range new to it. */
    static void learn(KeycloakSession session, Use use, int capacity) {
        RealmModel realm = session.realms().getRealm(use.realmId());
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<?> locked = em.createQuery(LOCK_CLIENT).setParameter("id", use.clientId()).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (realm == null || locked.isEmpty()) {
            return; // removed in the meantime
        }
        List<?> stored = em.createQuery(READ_ATTRIBUTE).setParameter("id", use.clientId())
                .setParameter("name", AlertContract.SEEN_NETWORKS_ATTRIBUTE).getResultList();
        NetworkMemory.Outcome outcome = NetworkMemory.observe(stored.isEmpty() ? null : (String) stored.get(0), use.range(), capacity);
        if (outcome.stored() == null) {
            return; // another request learned it first
        }
        session.getContext().setRealm(realm); // the audit trail records in the session's realm
        ClientModel client = session.clients().getClientById(realm, use.clientId());
        client.setAttribute(AlertContract.SEEN_NETWORKS_ATTRIBUTE, outcome.stored());
        if (!outcome.alert()) {
            return;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("ip", use.ip());
        evidence.put("network", use.range());
        evidence.put("known_networks", List.copyOf(outcome.known()));
        evidence.put("event_type", use.eventType());
        evidence.put("client", client.getClientId());
        AlertLog.record(session, realm, new Alert(AlertKind.NEW_NETWORK, use.identity(),
                use.identity() + " used from a new network " + use.range() + " (" + use.ip() + ")", evidence));
    }
}

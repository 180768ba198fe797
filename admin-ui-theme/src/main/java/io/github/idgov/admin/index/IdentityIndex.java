package io.github.idgov.admin.index;

import io.github.idgov.core.IndexedIdentity;
import io.github.idgov.core.LifecycleMarkers;
import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keeps the review index ({@link IdentityIndexEntity}) in step with the identities of governed realms. Rows are
 * written in the transaction of the change that caused them (admin events, reviews, the sweep), so a change that
 * rolls back leaves the index as it was. A realm's index is complete once {@link IdentityIndexBuild} has passed over
 * every user; until then ({@link #ready}) the review API reads users directly.
 */
public final class IdentityIndex {

    /** Realm attribute: the index version once the realm's index is complete; absent while it is being built. */
    public static final String READY_ATTRIBUTE = "idgov.identity-index";
    /**
     * 2: rows carry the orphan flag; 3: rows carry their precomputed statuses ({@link StatusBuckets}). An index of an
     * earlier version is rebuilt at start-up. 4: rows carry the incomplete flag (and the ranks it shifted).
     */
    static final String VERSION = "4";

    private IdentityIndex() {
    }

    public static boolean ready(RealmModel realm) {
        return VERSION.equals(realm.getAttribute(READY_ATTRIBUTE));
    }

    /** Brings one identity's row up to date, writing only when a fact changed. No-op in a realm that is not governed. */
    public static void refresh(KeycloakSession session, RealmModel realm, UserModel user, LifecyclePolicy policy) {
        if (RealmGovernance.mode(realm).isOn()) {
            write(session, realm, user, policy, false, System.currentTimeMillis(), true);
        }
    }

    /**
     * As {@link #refresh}, for a pass over every user (the sweep): leaves the orphan flags to {@link #repairOrphanFlags}
     * at the end of the pass, instead of looking up each row's owner and dependents.
     */
    public static void refreshFacts(KeycloakSession session, RealmModel realm, UserModel user, LifecyclePolicy policy) {
        if (RealmGovernance.mode(realm).isOn()) {
            write(session, realm, user, policy, false, System.currentTimeMillis(), false);
        }
    }

    /** Sets the realm's orphan flags to what the owners' rows say (after a pass over every user); returns the rows corrected. */
    public static int repairOrphanFlags(KeycloakSession session, String realmId) {
        return new OrphanFlags(entityManager(session), realmId).repairRealm();
    }

    /**
     * @param touch   write even when nothing changed (a rebuild marks every row it reached with its start time)
     * @param orphans keep the orphan flags now (this row's, and those of the rows naming it); false when the caller
     *                repairs the realm's flags at the end of its pass
     */
    static void write(KeycloakSession session, RealmModel realm, UserModel user, LifecyclePolicy policy, boolean touch, long now,
                      boolean orphans) {
        IndexedIdentity facts = IndexedIdentity.of(PrincipalResolver.resolve(realm, user),
                LifecycleMarkers.from(user.getAttributes(), user.getCreatedTimestamp()), policy, user.isEnabled());
        EntityManager em = entityManager(session);
        IdentityIndexEntity row = em.find(IdentityIndexEntity.class, user.getId());
        IndexedIdentity before = row == null ? null : row.facts();
        StatusBasis basis = StatusBasis.of(session.getKeycloakSessionFactory());
        if (row == null) {
            row = new IdentityIndexEntity(user.getId(), realm.getId());
            row.set(facts, now);
            // before persist: a change after it would cost an UPDATE of the new row on top of its INSERT
            row.restatus(basis, System.currentTimeMillis());
            em.persist(row);
        } else {
            if (touch || !facts.equals(before)) {
                row.set(facts, now);
            }
            // the statuses for the next instants: unchanged (no write) while the clock stays inside the row's interval
            row.restatus(basis, System.currentTimeMillis());
        }
        if (orphans) {
            OrphanFlags flags = new OrphanFlags(em, realm.getId());
            boolean orphaned = flags.orphaned(facts.owner(), facts.sponsor());
            if (row.orphaned() != orphaned) {
                row.orphaned(orphaned);
            }
            flags.changed(before, facts);
        }
    }

    /** Loads the rows of these users into the persistence context (one query instead of one per user). */
    public static void preload(KeycloakSession session, List<String> userIds) {
        for (int from = 0; from < userIds.size(); from += OrphanFlags.UPDATE_CHUNK) {
            entityManager(session).createQuery("select i from IdentityIndexEntity i where i.userId in :ids", IdentityIndexEntity.class)
                    .setParameter("ids", userIds.subList(from, Math.min(userIds.size(), from + OrphanFlags.UPDATE_CHUNK))).getResultList();
        }
    }

    public static void remove(KeycloakSession session, String userId) {
        EntityManager em = entityManager(session);
        IdentityIndexEntity row = em.find(IdentityIndexEntity.class, userId);
        if (row != null) {
            IndexedIdentity before = row.facts();
            em.remove(row);
            new OrphanFlags(em, row.realmId()).changed(before, null);
        }
    }

    /**
     * Governance switched off: the index is no longer answered from nor kept current, but its rows stay, since they hold
     * what Keycloak keeps nowhere else (the day of each identity's last use). A switch-on rebuilds every row in place and
     * deletes those of users removed meanwhile; removing the realm or a user takes its rows along.
     */
    public static void suspend(RealmModel realm) {
        invalidate(realm);
    }

    public static void removeRealm(KeycloakSession session, String realmId) {
        entityManager(session).createQuery("delete from IdentityIndexEntity i where i.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
    }

    /** Users arrived by a path that sends no per-user event (partial import): rebuild the realm's index. */
    public static void invalidate(RealmModel realm) {
        if (realm.getAttribute(READY_ATTRIBUTE) != null) {
            realm.removeAttribute(READY_ATTRIBUTE);
        }
    }

    public static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}

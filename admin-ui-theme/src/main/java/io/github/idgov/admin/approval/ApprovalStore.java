package io.github.idgov.admin.approval;

import io.github.idgov.core.delegation.ApprovalBinding;
import io.github.idgov.core.delegation.ApprovalState;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The realm's approvals in the database (shared by every node). State changes are conditional updates
 * ({@code ... where STATUS = expected}), so of two nodes or two clicks deciding or consuming the same approval, one wins.
 */
final class ApprovalStore {

    private final EntityManager em;
    private final RealmModel realm;

    ApprovalStore(KeycloakSession session, RealmModel realm) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realm = realm;
    }

    ApprovalEntity create(String authResultId, String agentSub, ApprovalBinding binding, String username, String sponsor,
                          long now, long expiresAt) {
        ApprovalEntity entity = new ApprovalEntity();
        entity.id = KeycloakModelUtils.generateId();
        entity.realmId = realm.getId();
        entity.authResultId = authResultId;
        entity.agentClientId = binding.agentClientId();
        entity.agentSub = agentSub;
        entity.userId = binding.userId();
        entity.username = username;
        entity.sponsor = sponsor;
        entity.scope = binding.scopeParameter();
        entity.bindingMessage = binding.bindingMessage();
        entity.status = ApprovalState.PENDING.value();
        entity.createdAt = now;
        entity.expiresAt = expiresAt;
        em.persist(entity);
        return entity;
    }

    Optional<ApprovalEntity> byId(String id) {
        ApprovalEntity entity = em.find(ApprovalEntity.class, id);
        return entity == null || !realm.getId().equals(entity.realmId) ? Optional.empty() : Optional.of(entity);
    }

    Optional<ApprovalEntity> byAuthResult(String authResultId) {
        return em.createQuery("select a from ApprovalEntity a where a.realmId = :realm and a.authResultId = :result", ApprovalEntity.class)
                .setParameter("realm", realm.getId()).setParameter("result", authResultId).getResultStream().findFirst();
    }

    /** Pending, unexpired approvals for these users or, when a sponsor is given, sponsored by that username. */
    List<ApprovalEntity> pending(Collection<String> userIds, String sponsor, long now) {
        String who = sponsor == null ? "a.userId in :users" : "(a.userId in :users or a.sponsor = :sponsor)";
        var query = em.createQuery("select a from ApprovalEntity a where a.realmId = :realm and a.status = :pending"
                        + " and a.expiresAt > :now and " + who + " order by a.createdAt", ApprovalEntity.class)
                .setParameter("realm", realm.getId()).setParameter("pending", ApprovalState.PENDING.value()).setParameter("now", now)
                .setParameter("users", userIds);
        if (sponsor != null) {
            query.setParameter("sponsor", sponsor);
        }
        return query.setMaxResults(100).getResultList();
    }

    /** Pending → approved or denied, with who decided; false when it was no longer pending (another decision won). */
    boolean decide(String id, ApprovalState to, String by, String byId, String acr, long at) {
        int changed = em.createQuery("update ApprovalEntity a set a.status = :to, a.decidedBy = :by, a.decidedById = :byId,"
                        + " a.decidedAcr = :acr, a.decidedAt = :at where a.id = :id and a.status = :pending")
                .setParameter("to", to.value()).setParameter("by", by).setParameter("byId", byId).setParameter("acr", acr)
                .setParameter("at", at).setParameter("id", id).setParameter("pending", ApprovalState.PENDING.value()).executeUpdate();
        return changed == 1;
    }

    /** from → to; false when the approval was not in {@code from} (used, decided or expired meanwhile). */
    boolean transition(String id, ApprovalState from, ApprovalState to) {
        int changed = em.createQuery("update ApprovalEntity a set a.status = :to where a.id = :id and a.status = :from")
                .setParameter("to", to.value()).setParameter("id", id).setParameter("from", from.value()).executeUpdate();
        return changed == 1;
    }
}

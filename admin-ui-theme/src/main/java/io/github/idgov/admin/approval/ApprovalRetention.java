package io.github.idgov.admin.approval;

import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Retention of approval rows: an approval ends at its expiry at the latest (decided, used, or never decided), after
 * which Keycloak's poll answers {@code expired_token} whatever the row says; the row is kept for the retention period,
 * then removed. The decisions about it stay in the audit trail. One statement for every realm (a realm that is off
 * still gets rows from the server-wide channel).
 */
public final class ApprovalRetention {

    private ApprovalRetention() {
    }

    /** Removes the approvals that expired before {@code before} (epoch seconds); returns how many per realm id. */
    public static Map<String, Long> removeEnded(KeycloakSession session, long before) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<Object[]> counts = em.createQuery("select a.realmId, count(a) from ApprovalEntity a where a.expiresAt < :before"
                + " group by a.realmId", Object[].class).setParameter("before", before).getResultList();
        if (counts.isEmpty()) {
            return Map.of();
        }
        em.createQuery("delete from ApprovalEntity a where a.expiresAt < :before").setParameter("before", before).executeUpdate();
        Map<String, Long> removed = new LinkedHashMap<>();
        counts.forEach(row -> removed.put((String) row[0], ((Number) row[1]).longValue()));
        return removed;
    }
}

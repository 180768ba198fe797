package io.github.idgov.admin;

import java.time.Duration;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * A once-per-interval lease in the shared database: a node may start the task only when the last start, on any
 * node, is at least one interval old. The claim is one conditional UPDATE (or the first INSERT), atomic in every
 * database Keycloak supports. Keycloak's cluster lock alone does not do this: it only keeps two runs from
 * overlapping, and every node runs the task once per interval.
 */
final class TaskLease {

    /** Timers of different nodes drift; a start this much early still counts as due. */
    static final Duration TOLERANCE = Duration.ofMillis(250);
    private static final String NODE = nodeName();

    private TaskLease() {
    }

    /**
     * Claims the lease in the given session's transaction; true when this node may run the task now. A concurrent
     * first claim by another node makes this transaction fail on commit (duplicate key): the caller treats that as
     * not claimed.
     */
    static boolean claim(KeycloakSession session, String task, Duration interval, long nowMillis) {
        var em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        int updated = em.createQuery("update TaskLeaseEntity l set l.runAt = :now, l.node = :node"
                        + " where l.name = :name and l.runAt <= :due")
                .setParameter("now", nowMillis)
                .setParameter("node", NODE)
                .setParameter("name", task)
                .setParameter("due", nowMillis - interval.toMillis() + TOLERANCE.toMillis())
                .executeUpdate();
        if (updated == 1) {
            return true;
        }
        if (em.find(TaskLeaseEntity.class, task) != null) {
            return false;
        }
        em.persist(new TaskLeaseEntity(task, nowMillis, NODE));
        em.flush();
        return true;
    }

    private static String nodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}

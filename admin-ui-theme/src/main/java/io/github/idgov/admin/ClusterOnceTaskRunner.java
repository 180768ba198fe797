package io.github.idgov.admin;

import java.time.Duration;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.scheduled.ScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;

/**
 * Runs a scheduled task on one node of the cluster per interval: every node's timer fires, the first to claim the
 * {@link TaskLease} in the shared database runs the task, the others skip until the interval has passed. Keycloak's
 * cluster lock ({@link ClusterProvider#executeIfNotExecuted}) is taken around the run as well, so a run longer than
 * the interval never overlaps the next.
 */
final class ClusterOnceTaskRunner extends ScheduledTaskRunner {

    private static final Logger LOG = Logger.getLogger(ClusterOnceTaskRunner.class);

    private final Duration interval;

    ClusterOnceTaskRunner(KeycloakSessionFactory sessionFactory, ScheduledTask task, long intervalMillis) {
        super(sessionFactory, task);
        this.interval = Duration.ofMillis(intervalMillis);
    }

    @Override
    protected void runTask(KeycloakSession session) {
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        int lockSeconds = (int) Math.max(1, interval.toSeconds());
        ExecutionResult<Void> result = cluster.executeIfNotExecuted(task.getTaskName(), lockSeconds, () -> {
            if (claimed()) {
                task.run(session);
            } else {
                LOG.debugf("Skipped %s: another node ran it less than %s ago", task.getTaskName(), interval);
            }
            return null;
        });
        if (!result.isExecuted()) {
            LOG.debugf("Skipped %s: another node is running it", task.getTaskName());
        }
    }

    /** The claim commits on its own, before the task runs, so other nodes see it at once. */
    private boolean claimed() {
        long now = System.currentTimeMillis();
        try {
            boolean claimed = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                    claim -> TaskLease.claim(claim, task.getTaskName(), interval, now));
            if (claimed) {
                // the lease's own time: what "once per interval" is measured on (the task's log lines come later)
                LOG.infof("Lease of %s claimed at %s (interval %s)", task.getTaskName(), java.time.Instant.ofEpochMilli(now), interval);
            }
            return claimed;
        } catch (RuntimeException concurrentFirstClaim) {
            // only the very first claim can collide (both nodes insert the row): the other node has it
            LOG.debugf(concurrentFirstClaim, "Lease of %s taken by another node", task.getTaskName());
            return false;
        }
    }
}

package io.github.idgov.admin;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.scheduled.ScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;

/**
 * Runs a scheduled task on one node of the cluster per interval, exactly as Keycloak's own
 * {@code ClusterAwareScheduledTaskRunner} does (a cluster-wide {@link ClusterProvider#executeIfNotExecuted} lock keyed
 * by the task name). That class lives in {@code keycloak-model-storage-private}, whose parent POM is not
 * resolvable from Maven Central, so the few lines are repeated here on the public SPI.
 */
final class ClusterOnceTaskRunner extends ScheduledTaskRunner {

    private static final Logger LOG = Logger.getLogger(ClusterOnceTaskRunner.class);

    private final int intervalSeconds;

    ClusterOnceTaskRunner(KeycloakSessionFactory sessionFactory, ScheduledTask task, long intervalMillis) {
        super(sessionFactory, task);
        this.intervalSeconds = (int) Math.max(1, intervalMillis / 1000);
    }

    @Override
    protected void runTask(KeycloakSession session) {
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        ExecutionResult<Void> result = cluster.executeIfNotExecuted(task.getTaskName(), intervalSeconds, () -> {
            task.run(session);
            return null;
        });
        if (!result.isExecuted()) {
            LOG.debugf("Skipped %s: another node is running it", task.getTaskName());
        }
    }
}

package io.github.idgov.events;

import io.github.idgov.core.GovernanceContract;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProviderFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.transaction.JtaTransactionManagerLookup;

/**
 * The audit listener {@value #ID}: enabled in a realm's event listeners (the pack adds it when governance is
 * switched on), it writes every user and admin event of that realm, tagged with the principal's governance
 * record, to the outbox in the event's transaction. The factory owns the sinks and the drainer thread.
 */
public final class AuditEventListenerFactory implements EventListenerProviderFactory, ServerInfoAwareProviderFactory {

    static final String ID = GovernanceContract.AUDIT_LISTENER_ID;
    private static final Logger LOG = Logger.getLogger(AuditEventListenerFactory.class);

    private AuditConfig config;
    private Map<String, AuditSink> sinks;
    private OutboxDrainer drainer;
    private AuditOutbox outbox;
    private AuditMetrics metrics;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListener(session, outbox, config.excludedTypes(), metrics);
    }

    @Override
    public void init(Config.Scope scope) {
        config = AuditConfig.from(scope);
        sinks = new LinkedHashMap<>();
        try {
            for (String name : config.sinks()) {
                sinks.put(name, switch (name) {
                    case LogSink.NAME -> new LogSink();
                    case FileSink.NAME -> new FileSink(config.filePath(), config.fileFsync(), config.checkpointKey(), config.fileRotateBytes(),
                            config.checkpointInterval());
                    case HttpSink.NAME -> new HttpSink(config.httpUrl(), config.httpSecret(), config.httpTimeout());
                    case KafkaSink.NAME -> new KafkaSink(config.kafka());
                    default -> throw new IllegalArgumentException(AuditConfig.flag(AuditConfig.SINKS) + ": unknown sink " + name);
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(AuditConfig.flag(AuditConfig.FILE_PATH) + ": cannot open " + config.filePath(), e);
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        metrics = new AuditMetrics(Metrics.globalRegistry, sinks.keySet());
        OutboxRows rows = new OutboxRows((JpaConnectionProviderFactory) factory.getProviderFactory(JpaConnectionProvider.class),
                (JtaTransactionManagerLookup) factory.getProviderFactory(JtaTransactionManagerLookup.class));
        drainer = new OutboxDrainer(factory, sinks, config, metrics, rows);
        outbox = new AuditOutbox(sinks.keySet(), config.localClaim(), drainer::committed, metrics, rows);
        // the outbox table exists once the database is migrated; polling before that only fails
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                drainer.start();
            }
        });
        LOG.infof("Audit pipeline: %s", String.join("; ", config.describe()));
    }

    /** Dead letters were set back to pending: deliver them now rather than at the next poll. */
    void wakeDrainer() {
        if (drainer != null) {
            drainer.drainTableSoon();
        }
    }

    /** The sinks this server delivers to (dead letters of other sinks cannot be replayed here). */
    Set<String> sinkNames() {
        return config.sinks();
    }

    /** The outbox, for the audit trail of policy decisions. */
    AuditOutbox outbox() {
        return outbox;
    }

    /** The pipeline's meters, for the alert counter. */
    AuditMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (drainer != null) {
            drainer.close();
        }
        if (sinks != null) {
            sinks.values().forEach(AuditSink::close);
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return AuditConfig.docs();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        config.describe().forEach(line -> {
            int eq = line.indexOf('=');
            info.put(line.substring(0, eq), line.substring(eq + 1));
        });
        return info;
    }
}

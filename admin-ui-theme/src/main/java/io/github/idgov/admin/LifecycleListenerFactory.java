package io.github.idgov.admin;

import io.github.idgov.admin.index.IdentityIndex;
import io.github.idgov.admin.index.IdentityIndexBuild;
import io.github.idgov.admin.index.LastUse;
import io.github.idgov.admin.index.StatusBasis;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.Inactivity;
import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.LifecyclePolicySource;
import io.github.idgov.core.LifecycleSettings;
import io.github.idgov.core.alerts.NetworkMemory;
import io.github.idgov.core.alerts.RateBaseline;
import io.github.idgov.core.keycloak.ServerOptionDocs;
import io.github.idgov.core.keycloak.SpiOptions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.timer.TimerProvider;
import org.jboss.logging.Logger;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Global listener {@value #ID}: orphan cascade when a person is disabled (admin event) or deleted (model event
 * {@link UserModel.UserPreRemovedEvent}, whatever removes the user), reclassification on user updates, and the
 * cluster-aware lifecycle sweep ({@link LifecycleSweep}, scheduled once the database is migrated).
 * Option {@code orphan-cascade} ({@code suspend} | {@code flag}, default {@code flag}); a realm attribute
 * {@value OrphanCascade#REALM_ATTRIBUTE} overrides it per realm.
 */
public final class LifecycleListenerFactory implements EventListenerProviderFactory, ServerInfoAwareProviderFactory, StatusBasis.Source {

    public static final String ID = "idgov-lifecycle";
    static final String SPI = "events-listener";
    static final String OPTION_CASCADE = "orphan-cascade";
    static final String OPTION_SWEEP_INTERVAL = "sweep-interval-seconds";
    static final String OPTION_SWEEP_BATCH = "sweep-batch-size";
    static final String OPTION_WARNING_DAYS = "review-warning-days";
    /** How long the sweep keeps a CIBA approval row after its expiry. */
    static final String OPTION_APPROVAL_RETENTION = "approval-retention-seconds";
    static final int DEFAULT_APPROVAL_RETENTION_SECONDS = 30 * 24 * 3600;
    static final int DEFAULT_SWEEP_INTERVAL_SECONDS = 3600;
    static final int DEFAULT_SWEEP_BATCH = 100;
    static final int DEFAULT_WARNING_DAYS = 14;
    /** {@code stale-days-<class>}: no login or token for longer than this flags the identity stale; 0 = never. */
    static final String OPTION_STALE_DAYS_PREFIX = "stale-days-";
    /** How soon a realm switched to governance gets its review index (until then the review API reads users directly). */
    static final int INDEX_BUILD_INTERVAL_SECONDS = 10;
    static final String OPTION_RATE_WINDOW = "alert-rate-window-seconds";
    static final String OPTION_RATE_HISTORY = "alert-rate-history-windows";
    static final String OPTION_RATE_FACTOR = "alert-rate-factor";
    static final String OPTION_RATE_MINIMUM = "alert-rate-minimum";
    static final String OPTION_RATE_MAX_IDENTITIES = "alert-rate-max-identities";
    static final String OPTION_NETWORKS = "alert-networks-per-identity";
    static final int DEFAULT_RATE_WINDOW_SECONDS = 60;
    static final int DEFAULT_RATE_HISTORY = 10;
    static final int DEFAULT_RATE_FACTOR = 5;
    static final int DEFAULT_RATE_MINIMUM = 30;
    static final int DEFAULT_RATE_MAX_IDENTITIES = 10_000;

    private static final Logger LOG = Logger.getLogger(LifecycleListenerFactory.class);

    private OrphanCascade.Mode cascade = OrphanCascade.Mode.FLAG;
    private int sweepIntervalSeconds = DEFAULT_SWEEP_INTERVAL_SECONDS;
    private int approvalRetentionSeconds = DEFAULT_APPROVAL_RETENTION_SECONDS;
    private SweepStep.Settings sweep = new SweepStep.Settings(DEFAULT_SWEEP_BATCH, DEFAULT_WARNING_DAYS, cascade, Inactivity.defaults());
    /** Last-use days this node has written (bounded); server-wide, owned here like the rate baseline. */
    private final LastUse lastUse = new LastUse();
    private UsageAlerts.Settings alerts = alertSettings(DEFAULT_RATE_WINDOW_SECONDS, DEFAULT_RATE_HISTORY, DEFAULT_RATE_FACTOR,
            DEFAULT_RATE_MINIMUM, DEFAULT_RATE_MAX_IDENTITIES, NetworkMemory.DEFAULT_CAPACITY);

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new LifecycleListener(session, cascade, Clock.systemUTC(), alerts, lastUse);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
        SpiOptions options = new SpiOptions(config, SPI, ID);
        String value = options.oneOf(OPTION_CASCADE, OrphanCascade.Mode.FLAG.value(),
                OrphanCascade.Mode.SUSPEND.value(), OrphanCascade.Mode.FLAG.value());
        cascade = OrphanCascade.Mode.parse(value).orElseThrow();
        sweepIntervalSeconds = options.nonNegativeInt(OPTION_SWEEP_INTERVAL, DEFAULT_SWEEP_INTERVAL_SECONDS);
        approvalRetentionSeconds = options.nonNegativeInt(OPTION_APPROVAL_RETENTION, DEFAULT_APPROVAL_RETENTION_SECONDS);
        sweep = new SweepStep.Settings(options.intAtLeast(OPTION_SWEEP_BATCH, DEFAULT_SWEEP_BATCH, 1),
                options.nonNegativeInt(OPTION_WARNING_DAYS, DEFAULT_WARNING_DAYS), cascade, inactivity(options));
        alerts = alertSettings(options.intAtLeast(OPTION_RATE_WINDOW, DEFAULT_RATE_WINDOW_SECONDS, 1),
                options.intAtLeast(OPTION_RATE_HISTORY, DEFAULT_RATE_HISTORY, 1), options.intAtLeast(OPTION_RATE_FACTOR, DEFAULT_RATE_FACTOR, 1),
                options.intAtLeast(OPTION_RATE_MINIMUM, DEFAULT_RATE_MINIMUM, 1),
                options.intAtLeast(OPTION_RATE_MAX_IDENTITIES, DEFAULT_RATE_MAX_IDENTITIES, 1),
                options.intAtLeast(OPTION_NETWORKS, NetworkMemory.DEFAULT_CAPACITY, 1));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserPreRemovedEvent removed) {
                IdentityChanges.deleted(removed.getKeycloakSession(), removed.getRealm(), removed.getUser());
                OrphanCascade.apply(removed.getKeycloakSession(), removed.getRealm(), removed.getUser(), "deleted", cascade);
                IdentityIndex.remove(removed.getKeycloakSession(), removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                IdentityIndex.removeRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            } else if (event instanceof PostMigrationEvent) {
                scheduleIndexBuild(factory);
                if (sweepIntervalSeconds > 0) {
                    scheduleSweep(factory);
                }
            }
        });
    }

    /** One timer task per node; the cluster lock lets one node run each interval. */
    private void scheduleSweep(KeycloakSessionFactory factory) {
        long intervalMillis = sweepIntervalSeconds * 1000L;
        LifecycleSweep task = new LifecycleSweep(factory, () -> policy(factory), sweep, approvalRetentionSeconds, Clock.systemUTC());
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                .schedule(new ClusterOnceTaskRunner(factory, task, intervalMillis), intervalMillis, LifecycleSweep.TASK_NAME));
        LOG.infof("Lifecycle sweep scheduled every %d s (batch %d, review warning %d days, cascade %s, approval retention %d s)",
                sweepIntervalSeconds, sweep.batchSize(), sweep.warningDays(), cascade.value(), approvalRetentionSeconds);
    }

    /** Builds the review index of newly governed realms; a cheap check of realm attributes when none waits. */
    private void scheduleIndexBuild(KeycloakSessionFactory factory) {
        long intervalMillis = INDEX_BUILD_INTERVAL_SECONDS * 1000L;
        IdentityIndexBuild task = new IdentityIndexBuild(factory, () -> policy(factory), sweep.batchSize());
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                .schedule(new ClusterOnceTaskRunner(factory, task, intervalMillis), intervalMillis, IdentityIndexBuild.TASK_NAME));
    }

    /** The token gate's policy, so the sweep, the review API and the gate apply the same cadence and grace. */
    public static LifecyclePolicy policy(KeycloakSessionFactory factory) {
        ProviderFactory<?> gate = factory.getProviderFactory(ClientPolicyExecutorProvider.class, GovernanceContract.LIFECYCLE_GATE_ID);
        if (gate instanceof LifecyclePolicySource source) {
            return source.lifecyclePolicy();
        }
        LOG.warnf("Client-policy executor %s not found (client policies disabled?); the lifecycle sweep uses the default cadence and grace",
                GovernanceContract.LIFECYCLE_GATE_ID);
        return new LifecyclePolicy(LifecycleSettings.defaults());
    }

    /** The rate detector is this factory's own state: one per node, bounded by {@code alert-rate-max-identities}. */
    private static Inactivity inactivity(SpiOptions options) {
        Map<IdentityClass, Integer> days = new java.util.EnumMap<>(IdentityClass.class);
        for (IdentityClass identityClass : IdentityClass.values()) {
            days.put(identityClass, options.nonNegativeInt(OPTION_STALE_DAYS_PREFIX + identityClass.value(),
                    Inactivity.defaultStaleDays(identityClass)));
        }
        return Inactivity.of(days);
    }

    private static UsageAlerts.Settings alertSettings(int windowSeconds, int history, int factor, int minimum, int maxIdentities, int networks) {
        return new UsageAlerts.Settings(new RateBaseline(new RateBaseline.Settings(windowSeconds * 1000L, history, factor, minimum,
                maxIdentities)), networks);
    }

    /** Days before a review is due that the sweep (and the review API) call it {@code review-due}. */
    @Override
    public StatusBasis statusBasis() {
        return new StatusBasis(sweep.warningDays(), sweep.inactivity());
    }

    public int reviewWarningDays() {
        return sweep.warningDays();
    }

    /** Stale days per class, for the sweep and the review API's {@code stale} status. */
    public Inactivity inactivity() {
        return sweep.inactivity();
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ServerOptionDocs docs = ServerOptionDocs.create()
                .text(OPTION_CASCADE, OrphanCascade.Mode.FLAG.value(), "what disabling or deleting a person does to the identities they "
                        + "own or sponsor: `suspend` (disable) or `flag` (keep, mark orphaned); the realm attribute `"
                        + OrphanCascade.REALM_ATTRIBUTE + "` overrides it")
                .number(OPTION_SWEEP_INTERVAL, DEFAULT_SWEEP_INTERVAL_SECONDS, "seconds between lifecycle sweeps; `0` = no sweep")
                .number(OPTION_SWEEP_BATCH, DEFAULT_SWEEP_BATCH, "identities per sweep transaction (≥ 1)")
                .number(OPTION_WARNING_DAYS, DEFAULT_WARNING_DAYS, "the sweep flags `review-due` this many days before a review is due (≥ 0)")
                .number(OPTION_APPROVAL_RETENTION, DEFAULT_APPROVAL_RETENTION_SECONDS, "the sweep removes CIBA approval rows that "
                        + "expired longer ago than this many seconds (≥ 0; default 30 days)");
        for (IdentityClass identityClass : IdentityClass.values()) {
            docs.number(OPTION_STALE_DAYS_PREFIX + identityClass.value(), Inactivity.defaultStaleDays(identityClass),
                    "the sweep flags `stale` a " + identityClass.value() + " without a login or token for longer (days, ≥ 0, `0` = never)");
        }
        return docs.number(OPTION_RATE_WINDOW, DEFAULT_RATE_WINDOW_SECONDS, "length in seconds of a window of the rate baseline (≥ 1)")
                .number(OPTION_RATE_HISTORY, DEFAULT_RATE_HISTORY, "previous windows the rate baseline averages (≥ 1)")
                .number(OPTION_RATE_FACTOR, DEFAULT_RATE_FACTOR, "alert when a machine identity's tokens in a window exceed this multiple of the average (≥ 1)")
                .number(OPTION_RATE_MINIMUM, DEFAULT_RATE_MINIMUM, "no rate alert below this many tokens in the window (≥ 1)")
                .number(OPTION_RATE_MAX_IDENTITIES, DEFAULT_RATE_MAX_IDENTITIES, "identities the rate baseline keeps per node (≥ 1)")
                .number(OPTION_NETWORKS, NetworkMemory.DEFAULT_CAPACITY, "network ranges remembered per machine client for the new-network alert (≥ 1)")
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new java.util.LinkedHashMap<>(Map.of(OPTION_CASCADE, cascade.value(), "realm-override", OrphanCascade.REALM_ATTRIBUTE,
                OPTION_SWEEP_INTERVAL, String.valueOf(sweepIntervalSeconds), OPTION_SWEEP_BATCH, String.valueOf(sweep.batchSize()),
                OPTION_WARNING_DAYS, String.valueOf(sweep.warningDays()), OPTION_APPROVAL_RETENTION, String.valueOf(approvalRetentionSeconds)));
        for (IdentityClass identityClass : IdentityClass.values()) {
            info.put(OPTION_STALE_DAYS_PREFIX + identityClass.value(), String.valueOf(sweep.inactivity().staleDays(identityClass)));
        }
        RateBaseline.Settings rate = alerts.baseline().settings();
        info.put(OPTION_RATE_WINDOW, String.valueOf(rate.windowMillis() / 1000));
        info.put(OPTION_RATE_HISTORY, String.valueOf(rate.history()));
        info.put(OPTION_RATE_FACTOR, String.valueOf((int) rate.factor()));
        info.put(OPTION_RATE_MINIMUM, String.valueOf(rate.minimum()));
        info.put(OPTION_RATE_MAX_IDENTITIES, String.valueOf(rate.maxIdentities()));
        info.put(OPTION_NETWORKS, String.valueOf(alerts.networkCapacity()));
        return info;
    }
}

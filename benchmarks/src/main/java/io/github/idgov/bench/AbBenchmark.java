package io.github.idgov.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * The A/B run: one Keycloak with the pack (through the integration harness), realm {@code baseline} against realm
 * {@code governed}; per grant a claims check, a warm-up and paired rounds in alternating order; then
 * {@code results.md} and {@code results.json}. Exits non-zero when a measured request failed, since the figures
 * of such a run are not comparable.
 */
public final class AbBenchmark {

    /** Each realm's warm-up runs in slices of at most this length, alternating with the other realm's. */
    private static final Duration WARMUP_SLICE = Duration.ofSeconds(5);

    /** Keycloak's home under {@code <idgov.work.dir>}: its own, so it never shares data with the tests or the demo. */
    static final String HOME = "keycloak-bench";
    /** The exchange the governed realm is measured with: the pack's delegated exchange (issue 6). */
    static final TokenExchange GOVERNED_EXCHANGE = TokenExchange.DELEGATED;
    static final String IDENTITY_CLASS_CLAIM = "identity_class";

    private final BenchSettings settings;
    private final ClosedLoopLoad load;
    private final RealmEndpoints baseline;
    private final RealmEndpoints governed;
    private final Optional<ProcessCpu> cpu;

    private AbBenchmark(BenchSettings settings, ClosedLoopLoad load, KeycloakServer server) {
        this.settings = settings;
        this.load = load;
        this.cpu = ProcessCpu.of(server.home());
        if (cpu.isEmpty()) {
            log("CPU per request not measured: no /proc, or no Keycloak JVM of " + server.home() + " found in it");
        }
        this.baseline = new RealmEndpoints(load.http(), BenchRealms.BASELINE, server.realmUrl(BenchRealms.BASELINE),
                TokenExchange.STANDARD);
        this.governed = new RealmEndpoints(load.http(), BenchRealms.GOVERNED, server.realmUrl(BenchRealms.GOVERNED),
                GOVERNED_EXCHANGE);
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        String loadBefore = Machine.loadAverage();
        // PostgreSQL is what production runs on; H2 (dev-file) is the default because it needs nothing installed
        Database database = Database.POSTGRES.equals(settings.database()) ? Database.createPostgres() : Database.devFile();
        KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties(HOME).database(database).freshData(true);
        HttpCollector collector = new HttpCollector();
        distribution.startOptions(auditSinks(distribution, settings, collector));
        // a retired compiler thread would take its CPU time out of the JIT's column (see ProcessCpu)
        distribution.javaOptions("-XX:-UseDynamicNumberOfCompilerThreads");
        log("Preparing Keycloak in " + distribution.home() + " on " + settings.database());
        distribution.install();
        List<GrantComparison> results;
        List<String> serverFigures = new ArrayList<>();
        List<GrantComparison> outage = new ArrayList<>();
        try (collector; KeycloakServer server = distribution.start();
             ClosedLoopLoad load = new ClosedLoopLoad(settings.users(), settings.maxRequestsPerRound())) {
            log("Keycloak ready at " + server.baseUrl() + " (log " + server.logFile() + ")");
            server.importRealm(settings.packBaseline() ? BenchRealms.governed(BenchRealms.BASELINE, settings.users())
                    : BenchRealms.baseline(settings.users()));
            server.importRealm(BenchRealms.governed(BenchRealms.GOVERNED, settings.users()));
            governWithControls(server.adminClient().realm(BenchRealms.GOVERNED), settings, settings.controls());
            if (settings.packBaseline()) {
                // the same realm as the governed one but for the controls under measurement
                governWithControls(server.adminClient().realm(BenchRealms.BASELINE), settings, Optional.of(List.of()));
            }
            AbBenchmark bench = new AbBenchmark(settings, load, server);
            ServerMetrics metrics = new ServerMetrics(load.http(), server.managementUrl());
            if (settings.httpSinkOutage()) {
                collector.up();
            }
            EnqueueLatency enqueue = new EnqueueLatency(metrics);
            var beforeRun = settings.audit() ? enqueue.scrape() : null;
            results = bench.measureAll();
            if (settings.audit()) {
                serverFigures.add(EnqueueLatency.describe("Audit listener enqueue on the request thread (user events, "
                        + "`idgov_audit_enqueue_seconds`) over the whole run, CPU saturated (wall time, so a thread waiting "
                        + "for a core counts)", beforeRun, enqueue.scrape()));
                serverFigures.add(bench.enqueueAtOneUser(enqueue));
            }
            if (settings.httpSinkOutage()) {
                outage.add(new SinkOutage(bench, collector, metrics).measure(Grant.PASSWORD));
            }
        } finally {
            database.drop();
        }
        ResultsReport report = new ResultsReport(settings, Machine.current(), System.getProperty("idgov.keycloak.version"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), loadBefore, Machine.loadAverage(), results, serverFigures, outage);
        report.write();
        log("Results in " + report.markdownFile() + ":\n\n" + report.markdown());
        long errors = results.stream().mapToLong(GrantComparison::errors).sum()
                + outage.stream().mapToLong(GrantComparison::errors).sum();
        if (errors > 0) {
            log(errors + " requests failed; see the errors above and the server log");
            System.exit(1);
        }
    }

    private static void governWithControls(RealmResource realm, BenchSettings settings, Optional<List<Control>> controls) {
        String name = realm.toRepresentation().getRealm();
        BenchRealms.allowAgentSecret(realm);
        if (controls.isPresent()) {
            BenchRealms.onlyControls(realm, controls.get());
            log("Realm " + name + " with only these token-time controls: " + ResultsReport.controlNames(controls.get()));
        }
        if (!settings.audit()) {
            BenchRealms.withoutAuditListener(realm);
            log("Realm " + name + " without the audit listener");
        }
    }

    /**
     * The governed realm's records go to the hash-chained file sink (fsync per batch), as an operator who keeps
     * tamper evidence runs it, instead of the default log sink; for the outage comparison also to the HTTP sink, whose
     * backoff is capped at 5 s so the collector's backlog drains between rounds.
     */
    private static String[] auditSinks(KeycloakDistribution distribution, BenchSettings settings, HttpCollector collector) {
        String prefix = "--spi-events-listener--" + GovernanceContract.AUDIT_LISTENER_ID + "--";
        List<String> options = new ArrayList<>(List.of(
                prefix + "file-path=" + distribution.home().resolveSibling("audit.jsonl"),
                prefix + "checkpoint-key=bench-checkpoint-key-3a7e9c41"));
        if (settings.httpSinkOutage()) {
            options.addAll(List.of(prefix + "sinks=file,http", prefix + "http-url=" + collector.url(),
                    prefix + "http-secret=bench-http-secret-7c2e41", prefix + "max-backoff-ms=5000"));
        } else {
            options.add(prefix + "sinks=file");
        }
        if (!settings.auditExcluded().isEmpty()) {
            options.add(prefix + "exclude-types=" + String.join(",", settings.auditExcluded()));
        }
        return options.toArray(String[]::new);
    }

    private List<GrantComparison> measureAll() throws IOException, InterruptedException {
        List<GrantComparison> results = new ArrayList<>();
        for (Grant grant : settings.grants()) {
            results.add(measure(grant));
        }
        return results;
    }

    private GrantComparison measure(Grant grant) throws IOException, InterruptedException {
        checkClaims(grant, baseline, settings.packBaseline());
        checkClaims(grant, governed, true);
        // the warm-up alternates in short slices, as the measured rounds do: the JIT then compiles the paths both realms
        // share with the type profile of both, instead of deoptimising them in the first measured rounds
        long slices = Math.max(1, (settings.warmup().toMillis() + WARMUP_SLICE.toMillis() - 1) / WARMUP_SLICE.toMillis());
        Duration slice = settings.warmup().dividedBy(slices);
        for (long i = 0; i < slices && !slice.isZero(); i++) {
            for (RealmEndpoints realm : List.of(baseline, governed)) {
                RoundResult warmup = round(grant, realm, slice);
                if (warmup.errors() > 0) {
                    log(grant.label() + " warm-up in realm " + realm.realm() + ": " + warmup.errors()
                            + " requests failed (first: " + warmup.firstError() + ")");
                }
            }
        }
        int perRound = (int) Math.max(1, settings.round().toMillis() / settings.slice().toMillis());
        Duration measured = settings.round().dividedBy(perRound);
        return PairedRounds.compare(grant, settings.pairs(), perRound, () -> slice(prepare(grant, baseline), measured),
                () -> slice(prepare(grant, governed), measured), (pair, a, b) -> log(String.format(Locale.ROOT,
                        "%-18s pair %d/%d: baseline %8.1f req/s, governed %8.1f req/s, ratio %.3f", grant.label(), pair,
                        settings.pairs(), a.requestsPerSecond(), b.requestsPerSecond(), b.requestsPerSecond() / a.requestsPerSecond())));
    }

    /**
     * One closed-loop user on the governed realm for a round of the first grant: the server has a core to spare, so
     * the enqueue's wall time is its own work and waits, not a wait for the CPU.
     */
    String enqueueAtOneUser(EnqueueLatency enqueue) throws IOException, InterruptedException {
        Grant grant = settings.grants().get(0);
        var before = enqueue.scrape();
        RoundResult round = load.run(governed.realm(), List.of(grant.request(governed, 0)), settings.round());
        if (round.errors() > 0) {
            throw new IllegalStateException("one-user round of " + grant.label() + ": " + round.errors() + " requests failed ("
                    + round.firstError() + ")");
        }
        return EnqueueLatency.describe("The same at one closed-loop user (" + grant.label() + ", "
                + settings.round().toSeconds() + " s, " + String.format(Locale.ROOT, "%.0f", round.requestsPerSecond())
                + " req/s)", before, enqueue.scrape());
    }

    RealmEndpoints governed() {
        return governed;
    }

    Duration warmup() {
        return settings.warmup();
    }

    Duration roundLength() {
        return settings.round();
    }

    int pairs() {
        return settings.pairs();
    }

    /** Each user's request is prepared (logins included) before the clock starts. */
    RoundResult round(Grant grant, RealmEndpoints realm, Duration duration)
            throws IOException, InterruptedException {
        return slice(prepare(grant, realm), duration).run();
    }

    private Prepared prepare(Grant grant, RealmEndpoints realm) throws IOException, InterruptedException {
        List<HttpRequest> requests = new ArrayList<>();
        for (int user = 0; user < settings.users(); user++) {
            requests.add(grant.request(realm, user));
        }
        return new Prepared(realm, requests);
    }

    private PairedRounds.Slice slice(Prepared prepared, Duration duration) {
        return () -> {
            if (cpu.isEmpty()) {
                return load.run(prepared.realm().realm(), prepared.requests(), duration);
            }
            ProcessCpu.Sample before = cpu.get().sample();
            RoundResult round = load.run(prepared.realm().realm(), prepared.requests(), duration);
            return round.withCpu(cpu.get().sample().minus(before));
        };
    }

    /** The requests of a realm's users, logged in where the grant needs it. */
    private record Prepared(RealmEndpoints realm, List<HttpRequest> requests) {
    }

    /** Proves each realm does what it stands for before it is measured: identity_class only where governed. */
    private static void checkClaims(Grant grant, RealmEndpoints realm, boolean governed)
            throws IOException, InterruptedException {
        JsonNode claims = realm.claims(grant.request(realm, 0));
        if (claims.has(IDENTITY_CLASS_CLAIM) != governed) {
            throw new IllegalStateException(grant.label() + " in realm " + realm.realm() + ": identity_class "
                    + (governed ? "missing" : "present") + " in " + claims);
        }
    }

    static void log(String message) {
        System.out.println("[bench] " + message);
    }
}

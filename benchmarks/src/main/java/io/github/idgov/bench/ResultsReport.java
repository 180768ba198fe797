package io.github.idgov.bench;

import io.github.idgov.it.harness.Database;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes an A/B run as {@code results.md} (the table the README quotes) and {@code results.json}. */
record ResultsReport(BenchSettings settings, Machine machine, String keycloakVersion, Instant finished,
                     String loadBefore, String loadAfter, List<GrantComparison> grants, List<String> serverFigures,
                     List<GrantComparison> sinkOutage) {

    static final String MARKDOWN = "results.md";
    static final String JSON = "results.json";

    void write() throws IOException {
        Files.createDirectories(settings.outputDir());
        Files.writeString(settings.outputDir().resolve(MARKDOWN), markdown());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(settings.outputDir().resolve(JSON).toFile(), json());
    }

    Path markdownFile() {
        return settings.outputDir().resolve(MARKDOWN);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("Keycloak ").append(keycloakVersion).append(", one server (")
                .append(Database.POSTGRES.equals(settings.database()) ? "PostgreSQL" : "H2 `dev-file`").append(", `--cache=local`): realm `")
                .append(BenchRealms.BASELINE).append(settings.packBaseline() ? "` (the pack's realm as the governed one, with no "
                        + "token-time control: what the kept controls alone cost) against realm `" : "` (governance off) against realm `").append(BenchRealms.GOVERNED)
                .append(settings.audit() ? "` (`idgov.mode=enforce`" + (settings.auditExcluded().isEmpty() ? ""
                        : ", audit `exclude-types=" + String.join(",", settings.auditExcluded()) + "`") + "). "
                        : "` (`idgov.mode=enforce` without the audit listener: the token-time controls alone). ")
                .append(settings.controls().map(kept -> "Token-time controls in the governed realm's pack profile: only "
                        + controlNames(kept) + " (the other gates removed for this run). ").orElse(""))
                .append(format("Per grant %d pairs of %d s rounds (%s), %d closed-loop users, %d s warm-up per "
                                + "realm; finished %s.%n%n", settings.pairs(), settings.round().toSeconds(),
                        settings.slice().equals(settings.round()) ? "A B, B A, A B …"
                                : "each pair in " + settings.slice().toSeconds() + " s slices alternating A B B A …",
                        settings.users(), settings.warmup().toSeconds(), finished))
                .append("Machine: ").append(machine.summary()).append("; load average before ").append(loadBefore)
                .append(", after ").append(loadAfter).append(".\n\n")
                .append("| grant | baseline req/s | governed req/s | ratio: median (min–max) | ratio target | "
                        + "baseline p50 / p99 ms | governed p50 / p99 ms | p99 change | p99 target |\n")
                .append("|---|---:|---:|---:|---|---:|---:|---:|---|\n");
        for (GrantComparison grant : grants) {
            out.append(format("| %s | %.1f | %.1f | %.3f (%.3f–%.3f) | %s | %.2f / %.2f | %.2f / %.2f | %+.1f %% | %s |%n",
                    grant.grant().label(), grant.baselineRequestsPerSecond(), grant.governedRequestsPerSecond(),
                    grant.ratioMedian(), grant.ratioMin(), grant.ratioMax(), ratioTarget(grant),
                    grant.baselinePercentileMillis(50), grant.baselinePercentileMillis(99),
                    grant.governedPercentileMillis(50), grant.governedPercentileMillis(99), grant.p99Change() * 100,
                    format("≤ +%.0f %%: %s", (Grant.MAX_P99_FACTOR - 1) * 100, verdict(grant.p99TargetMet()))));
        }
        out.append("\nreq/s: median over the rounds; ratio: governed / baseline req/s of each pair; p50 / p99: over every "
                + "request of the realm's measured rounds (HdrHistogram, closed loop, so service time under saturation). "
                + "The load generator runs on the same machine as Keycloak. "
                + "Token exchange: Keycloak's standard exchange (v2) on the baseline realm, the pack's delegated exchange "
                + "(an ai-agent, act) on the governed realm; its target applies to delegated against standard. "
                + "Userinfo and introspection have a p99 target only.\n");
        if (grants.stream().allMatch(GrantComparison::cpuMeasured)) {
            out.append("\nCPU per request (ms; median over the rounds; change: median over the pairs of governed / baseline). "
                            + "Keycloak: all threads of the process (request threads, JIT, GC, the audit drainer); without JIT: "
                            + "the same less HotSpot's compiler threads, which still compile during the rounds on a small "
                            + "machine and charge whichever realm's round they fall in.\n\n")
                    .append("| grant | Keycloak baseline | Keycloak governed | Keycloak change | without JIT baseline / governed "
                            + "| without JIT change | database baseline / governed | load generator baseline / governed |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (GrantComparison grant : grants) {
                out.append(format("| %s | %.3f | %.3f | %+.1f %% | %.3f / %.3f | %+.1f %% | %.3f / %.3f | %.3f / %.3f |%n",
                        grant.grant().label(),
                        grant.baselineCpuMillis(ProcessCpu.Sample::keycloak), grant.governedCpuMillis(ProcessCpu.Sample::keycloak),
                        (GrantComparison.medianOf(grant.cpuRatios(ProcessCpu.Sample::keycloak)) - 1) * 100,
                        grant.baselineCpuMillis(ProcessCpu.Sample::keycloakWithoutJit),
                        grant.governedCpuMillis(ProcessCpu.Sample::keycloakWithoutJit),
                        (GrantComparison.medianOf(grant.cpuRatios(ProcessCpu.Sample::keycloakWithoutJit)) - 1) * 100,
                        grant.baselineCpuMillis(ProcessCpu.Sample::database), grant.governedCpuMillis(ProcessCpu.Sample::database),
                        grant.baselineCpuMillis(ProcessCpu.Sample::load), grant.governedCpuMillis(ProcessCpu.Sample::load)));
            }
        }
        for (String figure : serverFigures) {
            out.append('\n').append(figure).append('\n');
        }
        for (GrantComparison login : sinkOutage) {
            out.append(format("%n%s on realm `%s` with the audit HTTP sink's collector up against down (connection refused), "
                            + "%d pairs of %d s rounds, the sink's backlog drained before each up round:%n%n",
                    login.grant().label(), BenchRealms.GOVERNED, settings.pairs(), settings.round().toSeconds()))
                    .append("| grant | up req/s | down req/s | ratio: median (min–max) | up p50 / p99 ms | down p50 / p99 ms | p99 change | target |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---|\n")
                    .append(format("| %s | %.1f | %.1f | %.3f (%.3f–%.3f) | %.2f / %.2f | %.2f / %.2f | %+.1f %% | < +5 %%: %s |%n",
                            login.grant().label(), login.baselineRequestsPerSecond(), login.governedRequestsPerSecond(),
                            login.ratioMedian(), login.ratioMin(), login.ratioMax(), login.baselinePercentileMillis(50),
                            login.baselinePercentileMillis(99), login.governedPercentileMillis(50),
                            login.governedPercentileMillis(99), login.p99Change() * 100, verdict(login.p99Change() < 0.05)));
        }
        for (GrantComparison grant : concat(grants, sinkOutage)) {
            if (grant.errors() > 0) {
                out.append(format("%nErrors in %s: %d (first: %s).%n", grant.grant().label(), grant.errors(),
                        grant.firstError().orElse("?")));
            }
        }
        return out.toString();
    }

    static String controlNames(List<Control> controls) {
        return controls.isEmpty() ? "none (enforce mode, its mappers and listeners, no gate)"
                : controls.stream().map(control -> "`" + control.id + "` (`" + control.executor + "`)").collect(Collectors.joining(", "));
    }

    private Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("keycloak", keycloakVersion);
        root.put("finished", finished.toString());
        root.put("machine", machine);
        root.put("loadAverageBefore", loadBefore);
        root.put("loadAverageAfter", loadAfter);
        root.put("database", settings.database());
        root.put("audit", settings.audit());
        root.put("auditExcluded", settings.auditExcluded());
        root.put("baseline", settings.packBaseline() ? BenchSettings.PACK_BASELINE : BenchSettings.STOCK_BASELINE);
        root.put("controls", settings.controls().map(kept -> kept.stream().map(control -> control.id).toList()).orElse(List.of("all")));
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("pairs", settings.pairs());
        size.put("roundSeconds", settings.round().toSeconds());
        size.put("sliceSeconds", settings.slice().toSeconds());
        size.put("warmupSeconds", settings.warmup().toSeconds());
        size.put("users", settings.users());
        size.put("maxRequestsPerRound", settings.maxRequestsPerRound());
        root.put("settings", size);
        root.put("httpSinkOutage", settings.httpSinkOutage());
        root.put("grants", grants.stream().map(ResultsReport::json).toList());
        root.put("serverFigures", serverFigures);
        root.put("sinkOutage", sinkOutage.stream().map(ResultsReport::json).toList());
        return root;
    }

    private static Map<String, Object> json(GrantComparison grant) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("grant", grant.grant().id());
        out.put("baselineRequestsPerSecond", grant.baselineRequestsPerSecond());
        out.put("governedRequestsPerSecond", grant.governedRequestsPerSecond());
        out.put("ratioMedian", grant.ratioMedian());
        out.put("ratioMin", grant.ratioMin());
        out.put("ratioMax", grant.ratioMax());
        out.put("ratios", grant.ratios());
        grant.grant().minRatio().ifPresent(target -> out.put("ratioTarget", target));
        grant.ratioTargetMet().ifPresent(met -> out.put("ratioTargetMet", met));
        out.put("baselineP50Millis", grant.baselinePercentileMillis(50));
        out.put("baselineP99Millis", grant.baselinePercentileMillis(99));
        out.put("governedP50Millis", grant.governedPercentileMillis(50));
        out.put("governedP99Millis", grant.governedPercentileMillis(99));
        out.put("p99Change", grant.p99Change());
        out.put("p99TargetMet", grant.p99TargetMet());
        out.put("baselineRounds", rounds(grant.baseline()));
        out.put("governedRounds", rounds(grant.governed()));
        out.put("errors", grant.errors());
        grant.firstError().ifPresent(error -> out.put("firstError", error));
        return out;
    }

    private static List<Map<String, Object>> rounds(List<RoundResult> rounds) {
        return rounds.stream().map(r -> {
            Map<String, Object> round = new LinkedHashMap<>();
            round.put("ok", r.ok());
            round.put("errors", r.errors());
            round.put("seconds", r.elapsed().toNanos() / 1e9);
            round.put("requestsPerSecond", r.requestsPerSecond());
            if (r.cpu() != null) {
                round.put("keycloakCpuSeconds", r.cpu().keycloak() / 1e9);
                round.put("keycloakJitCpuSeconds", r.cpu().keycloakJit() / 1e9);
                round.put("databaseCpuSeconds", r.cpu().database() / 1e9);
                round.put("loadGeneratorCpuSeconds", r.cpu().load() / 1e9);
            }
            return round;
        }).toList();
    }

    private static List<GrantComparison> concat(List<GrantComparison> a, List<GrantComparison> b) {
        List<GrantComparison> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String ratioTarget(GrantComparison grant) {
        return grant.grant().minRatio().isEmpty() ? "—"
                : format("≥ %.2f: %s", grant.grant().minRatio().getAsDouble(), verdict(grant.ratioTargetMet().orElseThrow()));
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}

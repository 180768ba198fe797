package io.github.idgov.bench;

import io.github.idgov.it.harness.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * Size of an A/B run, from system properties (the POM passes them with its defaults; {@code ./bench.sh} flags
 * override them).
 *
 * @param pairs               measured rounds per realm and grant, paired across the realms
 * @param round               length of one measured round
 * @param slice               the rounds of a pair are run in slices of this length, alternating between the realms
 *                            (A B B A …): the machine's drift within the pair falls on both realms alike; the
 *                            round's length gives whole rounds, one realm after the other
 * @param warmup              unmeasured load per realm and grant before its first pair
 * @param users               concurrent closed-loop users (one connection each)
 * @param maxRequestsPerRound hard bound on the requests of one round, whatever its duration
 * @param grants              the grants to measure, in order
 * @param outputDir           where results.md and results.json are written
 * @param database            {@code dev-file} or {@code postgres}
 * @param audit               whether the governed realm keeps the audit listener; off isolates the token-time
 *                            controls from the audit pipeline's cost
 * @param auditExcluded       Keycloak event types the audit listener leaves out ({@code exclude-types}); empty: none
 * @param httpSinkOutage      whether to add the HTTP sink and compare logins with its collector up and down
 * @param controls            the token-time controls the governed realm keeps; empty: all the pack installs
 * @param packBaseline        whether the baseline realm is the pack's own realm without token-time controls
 *                            (enforce, mappers, listeners, audit as the governed realm) instead of stock Keycloak's:
 *                            the ratio is then what the kept controls alone cost
 */
record BenchSettings(int pairs, Duration round, Duration slice, Duration warmup, int users, long maxRequestsPerRound,
                     List<Grant> grants, Path outputDir, String database, boolean audit, List<String> auditExcluded,
                     boolean httpSinkOutage, Optional<List<Control>> controls, boolean packBaseline) {

    /** Values of {@code bench.baseline}. */
    static final String STOCK_BASELINE = "stock";
    static final String PACK_BASELINE = "pack";

    BenchSettings {
        if (pairs < 1 || users < 1 || maxRequestsPerRound < 1 || round.isNegative() || round.isZero()
                || warmup.isNegative()) {
            throw new IllegalArgumentException("bench.pairs, bench.users, bench.max.requests.per.round and "
                    + "bench.duration.seconds must be positive, bench.warmup.seconds not negative");
        }
        grants = List.copyOf(grants);
        auditExcluded = List.copyOf(auditExcluded);
        controls = controls.map(List::copyOf);
        if (!Database.DEV_FILE.equals(database) && !Database.POSTGRES.equals(database)) {
            throw new IllegalArgumentException("bench.db must be " + Database.DEV_FILE + " or " + Database.POSTGRES + ", got '" + database + "'");
        }
        if (httpSinkOutage && !audit) {
            throw new IllegalArgumentException("bench.http.sink.outage=on needs bench.audit=on (the sink belongs to the audit listener)");
        }
        if (packBaseline && controls.isEmpty()) {
            throw new IllegalArgumentException("bench.baseline=pack compares controls against the pack without them: "
                    + "name them with bench.controls (not all)");
        }
        if (packBaseline && grants.contains(Grant.TOKEN_EXCHANGE)) {
            throw new IllegalArgumentException("bench.baseline=pack does not measure token-exchange: its realms would "
                    + "compare two different exchanges, not a control (name the grants with bench.grants)");
        }
    }

    /** Every property is required: the POM holds the defaults, so there is one place to read them. */
    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.parseInt(required("bench.pairs")),
                Duration.ofSeconds(Long.parseLong(required("bench.duration.seconds"))),
                Duration.ofSeconds(Long.parseLong(required("bench.slice.seconds"))),
                Duration.ofSeconds(Long.parseLong(required("bench.warmup.seconds"))),
                Integer.parseInt(required("bench.users")),
                Long.parseLong(required("bench.max.requests.per.round")),
                grants(required("bench.grants")),
                Path.of(required("bench.output.dir")).toAbsolutePath().normalize(),
                required("bench.db"),
                onOff("bench.audit"),
                eventTypes(required("bench.audit.exclude")),
                onOff("bench.http.sink.outage"),
                Control.parse(required("bench.controls")),
                baseline(required("bench.baseline")));
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + key + " is not set; run through ./bench.sh");
        }
        return value.trim();
    }

    /** {@code none}, or comma-separated Keycloak event types (the listener validates the names at start-up). */
    static List<String> eventTypes(String spec) {
        if (spec.equalsIgnoreCase("none")) {
            return List.of();
        }
        return Arrays.stream(spec.split(",")).map(String::trim).filter(type -> !type.isEmpty()).toList();
    }

    /** {@code stock}: governance off, Keycloak as it ships; {@code pack}: the pack's realm without its controls. */
    private static boolean baseline(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case STOCK_BASELINE -> false;
            case PACK_BASELINE -> true;
            default -> throw new IllegalArgumentException("bench.baseline must be " + STOCK_BASELINE + " or " + PACK_BASELINE
                    + ", got '" + value + "'");
        };
    }

    private static boolean onOff(String key) {
        String value = required(key);
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be on or off, got '" + value + "'");
        };
    }

    /** {@code all}, or a comma-separated list of grant ids such as {@code client-credentials,refresh}. */
    static List<Grant> grants(String spec) {
        if (spec.equalsIgnoreCase("all")) {
            return List.of(Grant.values());
        }
        return Arrays.stream(spec.split(",")).map(String::trim).map(id -> id.toLowerCase(Locale.ROOT))
                .map(Grant::byId).toList();
    }
}

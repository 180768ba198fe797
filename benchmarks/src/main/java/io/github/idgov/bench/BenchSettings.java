package io.github.idgov.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Size of an A/B run, from system properties (the POM passes them; {@code ./bench.sh} flags set them).
 *
 * @param pairs               measured rounds per realm and grant (A B A B …)
 * @param round               length of one measured round
 * @param warmup              unmeasured load per realm and grant before its first pair
 * @param users               concurrent closed-loop users (one connection each)
 * @param maxRequestsPerRound hard bound on the requests of one round, whatever its duration
 * @param grants              the grants to measure, in order
 * @param outputDir           where results.md and results.json are written
 */
record BenchSettings(int pairs, Duration round, Duration warmup, int users, long maxRequestsPerRound,
                     List<Grant> grants, Path outputDir) {

    BenchSettings {
        if (pairs < 1 || users < 1 || maxRequestsPerRound < 1 || round.isNegative() || round.isZero()
                || warmup.isNegative()) {
            throw new IllegalArgumentException("bench.pairs, bench.users, bench.max.requests.per.round and "
                    + "bench.duration.seconds must be positive, bench.warmup.seconds not negative");
        }
        grants = List.copyOf(grants);
    }

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.getInteger("bench.pairs", 5),
                Duration.ofSeconds(Integer.getInteger("bench.duration.seconds", 20)),
                Duration.ofSeconds(Integer.getInteger("bench.warmup.seconds", 10)),
                Integer.getInteger("bench.users", 8),
                Long.getLong("bench.max.requests.per.round", 2_000_000L),
                grants(System.getProperty("bench.grants", "all")),
                Path.of(System.getProperty("bench.output.dir", "target")).toAbsolutePath().normalize());
    }

    /** {@code all}, or a comma-separated list of grant ids such as {@code client-credentials,refresh}. */
    static List<Grant> grants(String spec) {
        if (spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
            return List.of(Grant.values());
        }
        return Arrays.stream(spec.split(",")).map(String::trim).map(id -> id.toLowerCase(Locale.ROOT))
                .map(Grant::byId).toList();
    }
}

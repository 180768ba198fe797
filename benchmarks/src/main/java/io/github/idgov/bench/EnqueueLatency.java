package io.github.idgov.bench;

import java.io.IOException;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The audit listener's time on the request thread per user event, from the {@code idgov_audit_enqueue_seconds}
 * histogram: the difference of two scrapes of its cumulative buckets is the distribution of the events in between.
 * A percentile is reported as the upper bound of the bucket it falls in (Micrometer's buckets grow by about a third).
 */
final class EnqueueLatency {

    static final String HISTOGRAM = "idgov_audit_enqueue_seconds_bucket";
    private static final String USER_EVENTS = "source=\"user\"";

    private final ServerMetrics metrics;

    EnqueueLatency(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** Cumulative count per bucket upper bound (seconds), as scraped now. */
    NavigableMap<Double, Double> scrape() throws IOException, InterruptedException {
        return metrics.buckets(HISTOGRAM, USER_EVENTS);
    }

    /** One line for the report: the events between two scrapes, p50 / p99 / p99.9 against the target. */
    static String describe(String window, NavigableMap<Double, Double> before, NavigableMap<Double, Double> after) {
        NavigableMap<Double, Double> delta = new TreeMap<>();
        after.forEach((le, count) -> delta.put(le, count - before.getOrDefault(le, 0.0)));
        double total = delta.isEmpty() ? 0 : delta.lastEntry().getValue();
        if (total <= 0) {
            throw new IllegalStateException("no audit enqueue between the scrapes (" + window + "): nothing was measured");
        }
        double p99 = percentile(delta, total, 0.99);
        return String.format(Locale.ROOT, "%s: %.0f events, p50 ≤ %.0f µs, p99 ≤ %.0f µs, p99.9 ≤ %.0f µs (target p99 < 50 µs: %s)",
                window, total, percentile(delta, total, 0.50) * 1e6, p99 * 1e6, percentile(delta, total, 0.999) * 1e6,
                p99 < 50e-6 ? "met" : "**missed**");
    }

    private static double percentile(NavigableMap<Double, Double> cumulative, double total, double quantile) {
        for (var bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= quantile * total) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}

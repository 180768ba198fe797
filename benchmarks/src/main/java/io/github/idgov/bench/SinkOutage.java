package io.github.idgov.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Login latency on the governed realm while the audit HTTP sink's collector is up against while it is down
 * (issue 4: p99 changes < 5 %). Paired rounds in alternating order, as the A/B run; before each "up" round the
 * outbox backlog of the HTTP sink is drained, so an up round does not pay for the previous outage's retries.
 */
final class SinkOutage {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
    private static final String BACKLOG = "idgov_audit_backlog";
    private static final String HTTP_SINK = "sink=\"http\"";

    private final AbBenchmark bench;
    private final HttpCollector collector;
    private final ServerMetrics metrics;

    SinkOutage(AbBenchmark bench, HttpCollector collector, ServerMetrics metrics) {
        this.bench = bench;
        this.collector = collector;
        this.metrics = metrics;
    }

    /** The comparison's "baseline" is the collector up, its "governed" the collector down. */
    GrantComparison measure(Grant grant) throws IOException, InterruptedException {
        long batchesBefore = collector.batches();
        upAndDrained();
        bench.round(grant, bench.governed(), bench.warmup());
        // whole rounds: each switch of the collector waits for the outbox to drain
        GrantComparison comparison = PairedRounds.compare(grant, bench.pairs(), 1, () -> () -> upRound(grant), () -> () -> downRound(grant),
                (pair, up, down) -> AbBenchmark.log(String.format(Locale.ROOT,
                        "%-18s HTTP sink outage pair %d/%d: up %8.1f req/s, down %8.1f req/s", grant.label(), pair, bench.pairs(),
                        up.requestsPerSecond(), down.requestsPerSecond())));
        upAndDrained(); // every record of the outage reached the collector in the end
        if (collector.batches() == batchesBefore) {
            throw new IllegalStateException("the HTTP collector received no batch: the sink was never measured up");
        }
        return comparison;
    }

    private RoundResult upRound(Grant grant) throws IOException, InterruptedException {
        upAndDrained();
        return bench.round(grant, bench.governed(), bench.roundLength());
    }

    private RoundResult downRound(Grant grant) throws IOException, InterruptedException {
        collector.down();
        return bench.round(grant, bench.governed(), bench.roundLength());
    }

    /** The backlog gauge is refreshed once per poll interval (1 s): zero twice in a row, 1.5 s apart, is drained. */
    private void upAndDrained() throws IOException, InterruptedException {
        collector.up();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        int zeros = 0;
        while (zeros < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the HTTP sink's backlog did not drain within " + DRAIN_TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(1500);
            double backlog = metrics.sample(BACKLOG, HTTP_SINK)
                    .orElseThrow(() -> new IllegalStateException("no " + BACKLOG + " for the HTTP sink on /metrics"));
            zeros = backlog == 0 ? zeros + 1 : 0;
        }
    }
}

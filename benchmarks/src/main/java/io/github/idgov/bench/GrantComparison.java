package io.github.idgov.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * The paired rounds of one grant and what they say against the targets. Round i of the baseline and
 * round i of the governed realm ran back to back (in alternating order), so their ratio cancels slow drift of the
 * machine.
 */
record GrantComparison(Grant grant, List<RoundResult> baseline, List<RoundResult> governed) {

    GrantComparison {
        if (baseline.isEmpty() || baseline.size() != governed.size()) {
            throw new IllegalArgumentException("paired rounds expected, got " + baseline.size() + " and " + governed.size());
        }
        baseline = List.copyOf(baseline);
        governed = List.copyOf(governed);
    }

    double baselineRequestsPerSecond() {
        return median(baseline.stream().mapToDouble(RoundResult::requestsPerSecond).toArray());
    }

    double governedRequestsPerSecond() {
        return median(governed.stream().mapToDouble(RoundResult::requestsPerSecond).toArray());
    }

    /** governed / baseline req/s of each pair. */
    double[] ratios() {
        double[] ratios = new double[baseline.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = governed.get(i).requestsPerSecond() / baseline.get(i).requestsPerSecond();
        }
        return ratios;
    }

    double ratioMedian() {
        return median(ratios());
    }

    double ratioMin() {
        return Arrays.stream(ratios()).min().orElseThrow();
    }

    double ratioMax() {
        return Arrays.stream(ratios()).max().orElseThrow();
    }

    /** Milliseconds of CPU per request (median over the rounds) of what {@code part} picks; NaN where not measured. */
    double baselineCpuMillis(ToLongFunction<ProcessCpu.Sample> part) {
        return median(baseline.stream().mapToDouble(r -> r.cpuMillisPerRequest(part)).toArray());
    }

    double governedCpuMillis(ToLongFunction<ProcessCpu.Sample> part) {
        return median(governed.stream().mapToDouble(r -> r.cpuMillisPerRequest(part)).toArray());
    }

    /** governed / baseline CPU per request of each pair, of what {@code part} picks. */
    double[] cpuRatios(ToLongFunction<ProcessCpu.Sample> part) {
        double[] ratios = new double[baseline.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = governed.get(i).cpuMillisPerRequest(part) / baseline.get(i).cpuMillisPerRequest(part);
        }
        return ratios;
    }

    boolean cpuMeasured() {
        return baseline.get(0).cpu() != null;
    }

    static double medianOf(double[] values) {
        return median(values);
    }

    /** Latency percentile in milliseconds over every measured request of the baseline realm. */
    double baselinePercentileMillis(double percentile) {
        return merged(baseline).getValueAtPercentile(percentile) / 1e6;
    }

    double governedPercentileMillis(double percentile) {
        return merged(governed).getValueAtPercentile(percentile) / 1e6;
    }

    /** Relative change of p99, governed against baseline (0.03 = 3 % slower). */
    double p99Change() {
        return governedPercentileMillis(99) / baselinePercentileMillis(99) - 1;
    }

    /** Empty when the issue sets no throughput target for this grant. */
    Optional<Boolean> ratioTargetMet() {
        return grant.minRatio().isPresent() ? Optional.of(ratioMedian() >= grant.minRatio().getAsDouble())
                : Optional.empty();
    }

    boolean p99TargetMet() {
        return governedPercentileMillis(99) <= Grant.MAX_P99_FACTOR * baselinePercentileMillis(99);
    }

    long errors() {
        return baseline.stream().mapToLong(RoundResult::errors).sum()
                + governed.stream().mapToLong(RoundResult::errors).sum();
    }

    Optional<String> firstError() {
        return baseline.stream().map(RoundResult::firstError).filter(Objects::nonNull).findFirst()
                .or(() -> governed.stream().map(RoundResult::firstError).filter(Objects::nonNull).findFirst());
    }

    private static Histogram merged(List<RoundResult> rounds) {
        Histogram all = rounds.get(0).latencies().copy();
        rounds.stream().skip(1).forEach(r -> all.add(r.latencies()));
        return all;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

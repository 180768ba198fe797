package io.github.idgov.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateBaselineTest {

    private static final long W = 10_000;

    private static RateBaseline baseline() {
        return new RateBaseline(new RateBaseline.Settings(W, 3, 3.0, 5, 100));
    }

    /** Feeds {@code count} tokens into window {@code window}; the first excess seen. */
    private static Optional<RateBaseline.Excess> feed(RateBaseline baseline, String id, long window, int count) {
        Optional<RateBaseline.Excess> first = Optional.empty();
        for (int i = 0; i < count; i++) {
            Optional<RateBaseline.Excess> excess = baseline.observe(id, window * W + i);
            if (first.isEmpty()) {
                first = excess;
            }
        }
        return first;
    }

    @Test
    void aBurstAboveThreeTimesTheAverageAlertsOnceInItsWindow() {
        RateBaseline baseline = baseline();
        for (long w = 0; w < 3; w++) {
            assertThat(feed(baseline, "agent", w, 2)).isEmpty();
        }
        // average 2: the 7th token (> 3 × 2) is the anomaly, reported once
        Optional<RateBaseline.Excess> excess = feed(baseline, "agent", 3, 20);
        assertThat(excess).get().satisfies(e -> {
            assertThat(e.count()).isEqualTo(7);
            assertThat(e.average()).isEqualTo(2.0);
            assertThat(e.describe()).startsWith("7 tokens in the current 10 s window, average 2.0 over the previous 3 windows");
        });
        assertThat(feed(baseline, "agent", 3, 10)).isEmpty();
    }

    @Test
    void steadyTrafficAndSmallCountsDoNotAlert() {
        RateBaseline baseline = baseline();
        for (long w = 0; w < 20; w++) {
            assertThat(feed(baseline, "steady", w, 50)).isEmpty();
        }
        RateBaseline quiet = baseline();
        for (long w = 0; w < 3; w++) {
            feed(quiet, "quiet", w, 0);
        }
        feed(quiet, "quiet", 0, 1);
        assertThat(feed(quiet, "quiet", 3, 4)).as("below the minimum").isEmpty();
    }

    @Test
    void aNewIdentityLearnsBeforeItCanAlert() {
        RateBaseline baseline = baseline();
        assertThat(feed(baseline, "new", 0, 100)).isEmpty();
        assertThat(feed(baseline, "new", 2, 100)).isEmpty();
        // from window 3 on it has a history: 100 + 0 + 100 over 3 windows = 66.7; 201 is above 3 × that
        assertThat(feed(baseline, "new", 3, 201)).get().extracting(RateBaseline.Excess::count).isEqualTo(201);
    }

    @Test
    void idleWindowsCountAsZeroAndOldWindowsAreForgotten() {
        RateBaseline baseline = baseline();
        feed(baseline, "burst", 0, 100);
        // long idle: the 100 of window 0 are out of the last 3 windows, the average is 0
        assertThat(feed(baseline, "burst", 10, 5)).get().extracting(RateBaseline.Excess::average).isEqualTo(0.0);
    }

    @Test
    void stateIsBoundedByEvictingTheLeastRecentlySeen() {
        RateBaseline baseline = new RateBaseline(new RateBaseline.Settings(W, 3, 3.0, 5, 2));
        baseline.observe("a", 0);
        baseline.observe("b", 0);
        baseline.observe("a", 1);
        baseline.observe("c", 2);
        assertThat(baseline.size()).isEqualTo(2);
        // b was evicted: it learns again and cannot alert in its first windows
        assertThat(feed(baseline, "b", 3, 100)).isEmpty();
    }
}

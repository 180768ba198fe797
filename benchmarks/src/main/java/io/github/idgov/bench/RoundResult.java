package io.github.idgov.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * One round of load against one realm.
 *
 * @param ok         requests answered 200
 * @param errors     any other answer, or an I/O failure
 * @param firstError what the first error was, or null
 * @param elapsed    from the round's start to the last answer
 * @param latencies  nanoseconds per successful request
 */
record RoundResult(long ok, long errors, String firstError, Duration elapsed, Histogram latencies) {

    double requestsPerSecond() {
        return ok / (elapsed.toNanos() / 1e9);
    }
}

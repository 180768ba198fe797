package io.github.idgov.core.limits;

import java.time.Duration;
import java.time.Instant;

/**
 * One fixed window of a limit: windows are aligned on the epoch, so every node of a cluster computes the same window
 * (and counter key) for the same instant without talking to the others (clock skew between nodes only moves the
 * boundary by the skew).
 *
 * @param index the window's number since the epoch
 */
public record FixedWindow(long index, Instant start, Instant end) {

    /** Kept a little past its window so a node whose clock lags still finds the counter it shares. */
    public static final Duration EXPIRY_SLACK = Duration.ofSeconds(5);

    public static FixedWindow at(Instant now, Duration length) {
        long lengthMillis = length.toMillis();
        long index = Math.floorDiv(now.toEpochMilli(), lengthMillis);
        Instant start = Instant.ofEpochMilli(index * lengthMillis);
        return new FixedWindow(index, start, start.plusMillis(lengthMillis));
    }

    /** Whole seconds until the window ends, at least 1: the {@code Retry-After} of a refusal. */
    public long secondsLeft(Instant now) {
        long millis = Math.max(0, end.toEpochMilli() - now.toEpochMilli());
        return Math.max(1, (millis + 999) / 1000);
    }

    /** How long a counter of this window must live from now: the rest of the window plus the slack. */
    public Duration counterLifespan(Instant now) {
        Duration rest = Duration.between(now, end);
        return (rest.isNegative() ? Duration.ZERO : rest).plus(EXPIRY_SLACK);
    }
}

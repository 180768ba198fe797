package io.github.idgov.core.limits;

import java.time.Duration;

/**
 * A {@link LimitCounter} over any {@link ConditionalStore}: a compare-and-set loop of {@code putIfAbsent} and
 * {@code replace(key, old, new)}. Each increment is exact under concurrency (a lost race re-reads and retries);
 * it needs nothing from the store beyond two conditional writes of a {@code Long}, so a clustered cache can run it
 * without knowing any class of ours.
 */
public final class CompareAndSetCounter implements LimitCounter {

    /** Past this many lost races in one increment, the identity is hammering from many threads at once. */
    public static final int MAX_ATTEMPTS = 32;

    private final ConditionalStore store;

    public CompareAndSetCounter(ConditionalStore store) {
        this.store = store;
    }

    /** The new count; {@link Long#MAX_VALUE} (over any limit, not recorded) when every attempt lost its race. */
    @Override
    public long incrementAndGet(String key, Duration lifespan) {
        long millis = Math.max(1, lifespan.toMillis());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Long seen = store.putIfAbsent(key, 1L, millis);
            if (seen == null) {
                return 1;
            }
            if (store.replace(key, seen, seen + 1, millis)) {
                return seen + 1;
            }
        }
        return Long.MAX_VALUE;
    }
}

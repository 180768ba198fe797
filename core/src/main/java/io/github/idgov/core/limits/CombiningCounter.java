package io.github.idgov.core.limits;

import java.time.Duration;

/**
 * A {@link LimitCounter} over any {@link ConditionalStore}: a read, then {@code putIfAbsent} or
 * {@code replace(key, old, new)}, retried when another writer (another node) got there first. It needs nothing from
 * the store beyond a read and two conditional writes of a {@code Long}, so a clustered cache can run it without
 * knowing any class of ours. The node's concurrent increments of a key are combined into one such write
 * ({@link CounterCombiner}, shared by the node).
 */
public final class CombiningCounter implements LimitCounter {

    private final ConditionalStore store;
    private final CounterCombiner combiner;

    public CombiningCounter(ConditionalStore store, CounterCombiner combiner) {
        this.store = store;
        this.combiner = combiner;
    }

    /**
     * The new count, far below the limit maybe from the node's lease; {@link CounterCombiner#RACES_LOST} (over any
     * limit, not recorded) when every attempt lost its race.
     */
    @Override
    public long incrementAndGet(String key, Duration lifespan, long limit) {
        return combiner.incrementAndGet(store, key, Math.max(1, lifespan.toMillis()), limit);
    }
}

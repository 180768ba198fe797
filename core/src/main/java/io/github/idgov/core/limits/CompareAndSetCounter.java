package io.github.idgov.core.limits;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link LimitCounter} over any {@link ConditionalStore}: read, then {@code putIfAbsent} or
 * {@code replace(key, old, new)}, retried when another writer got there first. Each increment is exact under
 * concurrency; it needs nothing from the store beyond a read and two conditional writes of a {@code Long}, so a
 * clustered cache can run it without knowing any class of ours. The node's own threads take turns per key
 * ({@link StripedLocks}): the read is lock-free and the one write then almost always wins, so a busy identity costs
 * one locked store operation per request instead of a queue of threads parked on the store's key lock.
 */
public final class CompareAndSetCounter implements LimitCounter {

    /** Past this many lost races in one increment, other nodes are hammering the same identity at once. */
    public static final int MAX_ATTEMPTS = 32;

    private final ConditionalStore store;
    private final StripedLocks locks;

    public CompareAndSetCounter(ConditionalStore store, StripedLocks locks) {
        this.store = store;
        this.locks = locks;
    }

    /** The new count; {@link Long#MAX_VALUE} (over any limit, not recorded) when every attempt lost its race. */
    @Override
    public long incrementAndGet(String key, Duration lifespan) {
        long millis = Math.max(1, lifespan.toMillis());
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Long seen = store.get(key);
                if (seen == null) {
                    seen = store.putIfAbsent(key, 1L, millis);
                    if (seen == null) {
                        return 1;
                    }
                }
                if (store.replace(key, seen, seen + 1, millis)) {
                    return seen + 1;
                }
            }
            return Long.MAX_VALUE;
        } finally {
            lock.unlock();
        }
    }
}

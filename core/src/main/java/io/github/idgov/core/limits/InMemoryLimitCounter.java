package io.github.idgov.core.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A one-JVM {@link LimitCounter}: the reference behaviour of the cluster counter (unit tests, JMH). Expired counts
 * are dropped on access and by {@link #purgeExpired()}, so the map holds at most the live windows' keys.
 */
public final class InMemoryLimitCounter implements LimitCounter {

    private record Count(long value, Instant expiresAt) {
    }

    private final ConcurrentMap<String, Count> counts = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryLimitCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long incrementAndGet(String key, Duration lifespan, long limit) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifespan);
        return counts.compute(key, (k, old) -> old == null || !old.expiresAt().isAfter(now)
                ? new Count(1, expiresAt) : new Count(old.value() + 1, expiresAt)).value();
    }

    /** Drops every count whose lifespan is over. */
    public void purgeExpired() {
        Instant now = clock.instant();
        counts.values().removeIf(count -> !count.expiresAt().isAfter(now));
    }

    /** Number of keys held (expired ones included until purged). */
    public int size() {
        return counts.size();
    }
}

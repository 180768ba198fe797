package io.github.idgov.core.limits;

/**
 * The two atomic conditional writes a shared key-value store offers (Infinispan's {@code BasicCache}, a
 * {@code ConcurrentMap}), each with a lifespan after which the entry may be dropped.
 */
public interface ConditionalStore {

    /** Stores the value when the key is absent; answers the value present before (null when it was stored). */
    Long putIfAbsent(String key, long value, long lifespanMillis);

    /** Replaces the value only while it is still {@code expected}; true when replaced. */
    boolean replace(String key, long expected, long value, long lifespanMillis);
}

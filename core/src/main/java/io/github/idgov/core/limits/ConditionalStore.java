package io.github.idgov.core.limits;

/**
 * A read and the two atomic conditional writes a shared key-value store offers (Infinispan's {@code BasicCache}, a
 * {@code ConcurrentMap}), each with a lifespan after which the entry may be dropped.
 */
public interface ConditionalStore {

    /** The value now stored (a local read where the store replicates), null when absent. */
    Long get(String key);

    /** Stores the value when the key is absent; answers the value present before (null when it was stored). */
    Long putIfAbsent(String key, long value, long lifespanMillis);

    /** Replaces the value only while it is still {@code expected}; true when replaced. */
    boolean replace(String key, long expected, long value, long lifespanMillis);
}

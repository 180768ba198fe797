package io.github.idgov.core.limits;

import java.time.Duration;

/** A shared counter store: atomically adds one to a key's count and answers the new count. */
public interface LimitCounter {

    /**
     * @param key      the identity, kind and window the count belongs to
     * @param lifespan how long the count must be kept from now; it may be dropped afterwards (bounded state)
     * @return the count including this increment (1 for the first)
     */
    long incrementAndGet(String key, Duration lifespan);
}

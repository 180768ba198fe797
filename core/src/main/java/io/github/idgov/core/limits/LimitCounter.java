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

    /**
     * The same for a key whose requests are refused past {@code limit}: a store may then hand out counts it reserved
     * ahead for this node while far below the limit (every count still handed out once). Exact by default.
     */
    default long incrementAndGet(String key, Duration lifespan, long limit) {
        return incrementAndGet(key, lifespan);
    }
}

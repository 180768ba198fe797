package io.github.idgov.core.limits;

import java.time.Duration;

/** A shared counter store: atomically adds one to a key's count and answers the new count. */
public interface LimitCounter {

    /**
     * @param key      the identity, kind and window the count belongs to
     * @param lifespan how long the count must be kept from now; it may be dropped afterwards (bounded state)
     * @param limit    the count past which the key's requests are refused, 0 when unknown: far below it a store may
     *                 hand out counts it reserved ahead for this node (every count is still handed out once)
     * @return the count including this increment (1 for the first)
     */
    long incrementAndGet(String key, Duration lifespan, long limit);

    /** Counted exactly, one store write per increment: no limit to reserve ahead against. */
    default long incrementAndGet(String key, Duration lifespan) {
        return incrementAndGet(key, lifespan, 0);
    }
}

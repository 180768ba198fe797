package io.github.idgov.authenticators.limits;

import io.github.idgov.core.limits.CombiningCounter;
import io.github.idgov.core.limits.ConditionalStore;
import io.github.idgov.core.limits.CounterCombiner;
import io.github.idgov.core.limits.LimitCounter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;
import org.infinispan.context.Flag;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/**
 * The cluster-wide counter store: one entry per identity, kind and window in Keycloak's {@code work} cache, which is
 * replicated to every node with {@code --cache=ispn} (and simply local with {@code --cache=local}).
 *
 * <p>{@link CombiningCounter} increments through a read and {@code putIfAbsent} / {@code replace(key, old, new)}:
 * Infinispan runs conditional writes on the key's primary owner under its lock, so two nodes never both turn 4 into
 * 5. Values are plain {@code Long}s and keys {@code String}s, which Keycloak's cache marshalling carries without a
 * schema of ours; reads are local (replicated cache), a write is one round trip to the primary owner. Each entry
 * lives until its window ends (plus a little slack), so the cache holds one entry per active machine identity and
 * kind. Keycloak's own listener on this cache ignores entries that are not its cluster events.
 *
 * <p>The provider interface is looked up by name: {@code keycloak-model-infinispan} is part of the server but not
 * published as a library for this Keycloak version; {@link #lookup()} fails start-up when it is absent.
 */
final class WorkCacheStore implements ConditionalStore {

    static final String PROVIDER_INTERFACE = "org.keycloak.connections.infinispan.InfinispanConnectionProvider";
    static final String CACHE_NAME = "work";

    /** How to reach the work cache from a session: resolved once per server by the factory. */
    record Lookup(Class<? extends Provider> providerType, MethodHandle getCache) {
    }

    private final Cache<String, Long> cache;

    private WorkCacheStore(Cache<String, Long> cache) {
        this.cache = cache;
    }

    static Lookup lookup() {
        try {
            Class<? extends Provider> type = Class.forName(PROVIDER_INTERFACE, false, Provider.class.getClassLoader())
                    .asSubclass(Provider.class);
            MethodHandle getCache = MethodHandles.publicLookup().findVirtual(type, "getCache",
                    MethodType.methodType(Cache.class, String.class));
            return new Lookup(type, getCache);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Identity governance command limits need Keycloak's Infinispan connection provider ("
                    + PROVIDER_INTERFACE + "): " + e, e);
        }
    }

    /**
     * The counter of this session's node, reaching the cache on the first count only: most token requests are a
     * person's and count nothing, and looking the cache up for each of them was a visible share of the gate's cost.
     */
    static LimitCounter of(KeycloakSession session, Lookup lookup, CounterCombiner combiner) {
        LimitCounter[] counter = new LimitCounter[1];
        return (key, lifespan, limit) -> {
            if (counter[0] == null) {
                counter[0] = resolve(session, lookup, combiner);
            }
            return counter[0].incrementAndGet(key, lifespan, limit);
        };
    }

    @SuppressWarnings("unchecked")
    private static LimitCounter resolve(KeycloakSession session, Lookup lookup, CounterCombiner combiner) {
        Provider provider = session.getProvider(lookup.providerType());
        Cache<String, Long> cache;
        try {
            cache = (Cache<String, Long>) lookup.getCache().invoke(provider, CACHE_NAME);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot reach Keycloak's " + CACHE_NAME + " cache", e);
        }
        if (cache == null) {
            throw new IllegalStateException("Keycloak's " + CACHE_NAME + " cache is not available on this node");
        }
        // No listener of the work cache wants a counter (Keycloak's only reads its own cluster events): skipping their
        // notification on every write, here and on the nodes it replicates to, was a fifth of a count's cost.
        return new CombiningCounter(new WorkCacheStore(cache.getAdvancedCache().withFlags(Flag.SKIP_LISTENER_NOTIFICATION)), combiner);
    }

    @Override
    public Long get(String key) {
        return cache.get(key);
    }

    @Override
    public Long putIfAbsent(String key, long value, long lifespanMillis) {
        return cache.putIfAbsent(key, value, lifespanMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean replace(String key, long expected, long value, long lifespanMillis) {
        return cache.replace(key, expected, value, lifespanMillis, TimeUnit.MILLISECONDS);
    }
}

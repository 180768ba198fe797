package io.github.idgov.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompareAndSetCounterTest {

    /** A ConcurrentHashMap as the store (lifespans ignored), optionally losing the first races of each increment. */
    static final class MapStore implements ConditionalStore {
        final ConcurrentHashMap<String, Long> map = new ConcurrentHashMap<>();
        final AtomicInteger replaceCalls = new AtomicInteger();
        final AtomicInteger lostOnPurpose = new AtomicInteger();
        int loseEvery;

        @Override
        public Long get(String key) {
            return map.get(key);
        }

        @Override
        public Long putIfAbsent(String key, long value, long lifespanMillis) {
            assertThat(lifespanMillis).isPositive();
            return map.putIfAbsent(key, value);
        }

        @Override
        public boolean replace(String key, long expected, long value, long lifespanMillis) {
            int call = replaceCalls.incrementAndGet();
            if (loseEvery > 0 && call % loseEvery == 0) {
                lostOnPurpose.incrementAndGet();
                map.computeIfPresent(key, (k, v) -> v + 1); // another node got there first
                return false;
            }
            return map.replace(key, expected, value);
        }
    }

    @Test
    void countsFromOneAndKeepsEachKeyApart() {
        CompareAndSetCounter counter = new CompareAndSetCounter(new MapStore(), new StripedLocks(4));
        assertThat(counter.incrementAndGet("a", Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(counter.incrementAndGet("a", Duration.ofSeconds(1))).isEqualTo(2);
        assertThat(counter.incrementAndGet("b", Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(counter.incrementAndGet("a", Duration.ZERO)).as("a zero lifespan is still a positive one for the store").isEqualTo(3);
    }

    @Test
    void aLostRaceIsRetriedAndTheOtherWritersIncrementIsKept() {
        MapStore store = new MapStore();
        store.loseEvery = 2;
        CompareAndSetCounter counter = new CompareAndSetCounter(store, new StripedLocks(4));
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(counter.incrementAndGet("k", Duration.ofSeconds(1)));
        }
        assertThat(store.lostOnPurpose.get()).isPositive();
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(store.map.get("k")).as("ours plus the racing writers'").isEqualTo(6 + store.lostOnPurpose.get());
    }

    @Test
    void concurrentIncrementsAreExact() throws Exception {
        MapStore store = new MapStore();
        CompareAndSetCounter counter = new CompareAndSetCounter(store, new StripedLocks(4));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 4_000; i++) {
                results.add(pool.submit(() -> counter.incrementAndGet("k", Duration.ofSeconds(1))));
            }
            List<Long> counts = new ArrayList<>();
            for (Future<Long> result : results) {
                counts.add(result.get());
            }
            assertThat(counts).doesNotHaveDuplicates().hasSize(4_000).allMatch(c -> c >= 1 && c <= 4_000);
            assertThat(store.map.get("k")).isEqualTo(4_000L);
            assertThat(store.replaceCalls.get()).as("the node's threads take turns: no write lost to a thread of the same node")
                    .isEqualTo(4_000 - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyRaceLostCountsAsOverAnyLimit() {
        MapStore store = new MapStore();
        store.loseEvery = 1;
        CompareAndSetCounter counter = new CompareAndSetCounter(store, new StripedLocks(4));
        counter.incrementAndGet("k", Duration.ofSeconds(1)); // the first is a putIfAbsent, no race
        assertThat(counter.incrementAndGet("k", Duration.ofSeconds(1))).isEqualTo(Long.MAX_VALUE);
        assertThat(store.replaceCalls.get()).isEqualTo(CompareAndSetCounter.MAX_ATTEMPTS);
    }

    @Test
    void stripesAreAPowerOfTwoAndAKeyAlwaysMapsToTheSameLock() {
        assertThat(new StripedLocks(1).size()).isEqualTo(1);
        assertThat(new StripedLocks(5).size()).isEqualTo(8);
        assertThat(new StripedLocks(64).size()).isEqualTo(64);
        StripedLocks locks = new StripedLocks(16);
        assertThat(locks.of("realm/identity/tokens/123")).isSameAs(locks.of("realm/identity/tokens/123"));
        assertThatThrownBy(() -> new StripedLocks(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stripes");
    }
}

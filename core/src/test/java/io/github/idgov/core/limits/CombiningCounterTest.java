package io.github.idgov.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CombiningCounterTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /**
     * A ConcurrentHashMap as the store (lifespans ignored); optionally losing every n-th replace to "another node",
     * which increments the key itself; optionally holding the first read until released.
     */
    static final class MapStore implements ConditionalStore {
        final ConcurrentHashMap<String, Long> map = new ConcurrentHashMap<>();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger replaceCalls = new AtomicInteger();
        final AtomicInteger lostOnPurpose = new AtomicInteger();
        /** The counts the other node's increments took. */
        final List<Long> othersCounts = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile int loseEvery;
        volatile CountDownLatch holdFirstRead;
        volatile RuntimeException failReads;

        @Override
        public Long get(String key) {
            CountDownLatch hold = holdFirstRead;
            if (hold != null) {
                holdFirstRead = null;
                await(hold);
            }
            if (failReads != null) {
                throw failReads;
            }
            return map.get(key);
        }

        @Override
        public Long putIfAbsent(String key, long value, long lifespanMillis) {
            assertThat(lifespanMillis).isPositive();
            writes.incrementAndGet();
            return map.putIfAbsent(key, value);
        }

        @Override
        public boolean replace(String key, long expected, long value, long lifespanMillis) {
            writes.incrementAndGet();
            int call = replaceCalls.incrementAndGet();
            if (loseEvery > 0 && call % loseEvery == 0) {
                lostOnPurpose.incrementAndGet();
                othersCounts.add(map.computeIfPresent(key, (k, v) -> v + 1)); // another node got there first
                return false;
            }
            return map.replace(key, expected, value);
        }

        private static void await(CountDownLatch latch) {
            try {
                assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void countsFromOneAndKeepsEachKeyApart() {
        CombiningCounter counter = new CombiningCounter(new MapStore(), new CounterCombiner(4));
        assertThat(counter.incrementAndGet("a", SECOND)).isEqualTo(1);
        assertThat(counter.incrementAndGet("a", SECOND)).isEqualTo(2);
        assertThat(counter.incrementAndGet("b", SECOND)).isEqualTo(1);
        assertThat(counter.incrementAndGet("a", Duration.ZERO)).as("a zero lifespan is still a positive one for the store").isEqualTo(3);
    }

    @Test
    void aLostRaceIsRetriedAndTheOtherWritersIncrementIsKept() {
        MapStore store = new MapStore();
        store.loseEvery = 2;
        CombiningCounter counter = new CombiningCounter(store, new CounterCombiner(4));
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(counter.incrementAndGet("k", SECOND));
        }
        assertThat(store.lostOnPurpose.get()).isPositive();
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(store.map.get("k")).as("ours plus the racing writers'").isEqualTo(6 + store.lostOnPurpose.get());
    }

    /** Threads waiting while one writes are served by the next turn holder in one write, each with its own count. */
    @Test
    void incrementsWaitingOnTheSameKeyAreWrittenOnceAndEachGetsItsOwnCount() throws Exception {
        MapStore store = new MapStore();
        CounterCombiner combiner = new CounterCombiner(4);
        CombiningCounter counter = new CombiningCounter(store, combiner);
        CountDownLatch release = new CountDownLatch(1);
        store.holdFirstRead = release;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> results = new ArrayList<>();
            results.add(pool.submit(() -> counter.incrementAndGet("k", SECOND))); // takes the turn, held in its read
            while (store.holdFirstRead != null) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < 7; i++) {
                results.add(pool.submit(() -> counter.incrementAndGet("k", SECOND)));
            }
            awaitWaiting(combiner, "k", 7);
            release.countDown();
            List<Long> counts = new ArrayList<>();
            for (Future<Long> result : results) {
                counts.add(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(counts).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            assertThat(counts.get(0)).as("the first turn holder wrote its own increment").isEqualTo(1);
            assertThat(store.writes.get()).as("one write for the first, one for the seven that waited").isEqualTo(2);
            assertThat(store.map.get("k")).isEqualTo(8L);
            assertThat(combiner.waiting("k")).isZero();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** Exact under load: every count from 1 to n given out once per key, the store ends at n, whatever the stripes. */
    @Test
    void concurrentIncrementsOfManyKeysInFewStripesAreExact() throws Exception {
        MapStore store = new MapStore();
        CombiningCounter counter = new CombiningCounter(store, new CounterCombiner(2));
        int threads = 8;
        int perThread = 2_000;
        List<String> keys = List.of("a", "b", "c");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Map<String, List<Long>>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    Map<String, List<Long>> mine = new java.util.HashMap<>();
                    for (int i = 0; i < perThread; i++) {
                        String key = keys.get(i % keys.size());
                        mine.computeIfAbsent(key, k -> new ArrayList<>()).add(counter.incrementAndGet(key, SECOND));
                    }
                    return mine;
                }));
            }
            start.countDown();
            Map<String, List<Long>> all = new java.util.HashMap<>();
            for (Future<Map<String, List<Long>>> result : results) {
                result.get(60, TimeUnit.SECONDS).forEach((key, counts) -> all.computeIfAbsent(key, k -> new ArrayList<>()).addAll(counts));
            }
            long total = 0;
            for (String key : keys) {
                List<Long> counts = all.get(key);
                assertThat(counts).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, counts.size()).boxed().toList());
                assertThat(store.map.get(key)).isEqualTo(counts.size());
                total += counts.size();
            }
            assertThat(total).isEqualTo((long) threads * perThread);
            assertThat(store.writes.get()).as("never more writes than increments").isLessThanOrEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The limit holds: with another node counting the same identity now and then, this node's counts and the other
     * node's are together exactly 1..total, each once; so for any limit, exactly that many requests are within it.
     */
    @Test
    void countsOfThisNodeAndAnotherAreEachGivenOnceSoExactlyTheLimitIsAllowed() throws Exception {
        MapStore store = new MapStore();
        store.loseEvery = 7;
        CombiningCounter counter = new CombiningCounter(store, new CounterCombiner(8));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return counter.incrementAndGet("k", SECOND);
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<Long> result : results) {
                all.add(result.get(60, TimeUnit.SECONDS));
            }
            all.addAll(store.othersCounts);
            assertThat(store.lostOnPurpose.get()).isPositive();
            long total = 2_000L + store.lostOnPurpose.get();
            assertThat(store.map.get("k")).isEqualTo(total);
            assertThat(all).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            for (int limit : new int[] {1, 500, 1_999}) {
                assertThat(all.stream().filter(c -> c <= limit).count()).isEqualTo(limit);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyRaceLostCountsAsOverAnyLimit() {
        MapStore store = new MapStore();
        store.loseEvery = 1;
        CombiningCounter counter = new CombiningCounter(store, new CounterCombiner(4));
        counter.incrementAndGet("k", SECOND); // the first is a putIfAbsent, no race
        assertThat(counter.incrementAndGet("k", SECOND)).isEqualTo(CounterCombiner.RACES_LOST);
        assertThat(store.replaceCalls.get()).isEqualTo(CounterCombiner.MAX_ATTEMPTS);
    }

    /** A store failure reaches every request of the batch (none hangs, none is answered as counted), and the next works. */
    @Test
    void aStoreFailureReachesEveryWaitingRequestAndTheStripeRecovers() throws Exception {
        MapStore store = new MapStore();
        CounterCombiner combiner = new CounterCombiner(1);
        CombiningCounter counter = new CombiningCounter(store, combiner);
        CountDownLatch release = new CountDownLatch(1);
        store.holdFirstRead = release;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> results = new ArrayList<>();
            results.add(pool.submit(() -> counter.incrementAndGet("k", SECOND)));
            while (store.holdFirstRead != null) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> counter.incrementAndGet("k", SECOND)));
            }
            awaitWaiting(combiner, "k", 3);
            store.failReads = new IllegalStateException("cache unavailable");
            release.countDown();
            for (Future<Long> result : results) {
                assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("cache unavailable");
            }
            store.failReads = null;
            assertThat(counter.incrementAndGet("k", SECOND)).isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void stripesAreAPowerOfTwo() {
        assertThat(new CounterCombiner(1).size()).isEqualTo(1);
        assertThat(new CounterCombiner(5).size()).isEqualTo(8);
        assertThat(new CounterCombiner(64).size()).isEqualTo(64);
        assertThatThrownBy(() -> new CounterCombiner(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stripes");
    }

    private static void awaitWaiting(CounterCombiner combiner, String key, int waiting) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (combiner.waiting(key) != waiting) {
            assertThat(System.nanoTime()).as("%d requests waiting on %s", waiting, key).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void farBelowTheLimitCountsComeFromTheNodesLeaseWithoutAWriteEach() {
        MapStore store = new MapStore();
        CombiningCounter counter = new CombiningCounter(store, new CounterCombiner(4));
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            counts.add(counter.incrementAndGet("busy", SECOND, 1_000_000));
        }
        assertThat(counts).as("one node alone: every count once, in order, none skipped")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 320).boxed().toList());
        assertThat(store.writes.get()).as("a write reserves 1 + %d counts", CounterCombiner.MAX_LEASE)
                .isEqualTo(320 / (CounterCombiner.MAX_LEASE + 1));
        assertThat(store.map.get("busy")).isEqualTo(320L);
    }

    @Test
    void nearTheLimitTheLeaseShrinksToExactCounting() {
        assertThat(CounterCombiner.spare(0, 1, 1_000_000)).isEqualTo(CounterCombiner.MAX_LEASE);
        assertThat(CounterCombiner.spare(0, 1, 100)).isEqualTo(12); // (100 - 1) / 8
        assertThat(CounterCombiner.spare(90, 1, 100)).isEqualTo(1);
        assertThat(CounterCombiner.spare(92, 1, 100)).isZero();
        assertThat(CounterCombiner.spare(150, 3, 100)).as("past the limit").isZero();
        assertThat(CounterCombiner.spare(0, 1, 0)).as("limit unknown: exact").isZero();
        assertThat(CounterCombiner.spare(0, 1, 8)).as("small limits (the ITs' 3 or 6) are counted exactly").isZero();
    }

    @Test
    void twoNodesSharingOneStoreNeverAllowMoreThanTheLimitAndLoseLittleToLeases() throws Exception {
        MapStore store = new MapStore();
        CombiningCounter nodeA = new CombiningCounter(store, new CounterCombiner(4));
        CombiningCounter nodeB = new CombiningCounter(store, new CounterCombiner(4));
        int limit = 200;
        List<Long> allowed = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 3 * limit; i++) {
            long count = (random.nextInt(3) == 0 ? nodeB : nodeA).incrementAndGet("shared", SECOND, limit);
            if (count <= limit) {
                allowed.add(count);
            }
        }
        assertThat(allowed).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(limit);
        // what one node holds unused when the window ends: a lease taken near the limit is small
        assertThat(allowed).hasSizeGreaterThanOrEqualTo(limit - 2 * CounterCombiner.MAX_LEASE);
    }

    @Test
    void concurrentCountersOfOneKeyOnOneNodeGetDistinctCountsFromLeasesAndWrites() throws Exception {
        MapStore store = new MapStore();
        CombiningCounter counter = new CombiningCounter(store, new CounterCombiner(4));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                results.add(pool.submit(() -> counter.incrementAndGet("k", SECOND, 1_000_000)));
            }
            List<Long> counts = new ArrayList<>();
            for (Future<Long> result : results) {
                counts.add(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(counts).doesNotHaveDuplicates().allMatch(count -> count >= 1 && count <= store.map.get("k"));
            assertThat(store.writes.get()).isLessThan(4000 / 8);
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.github.idgov.core.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node's combining of counter increments: the threads that count keys of the same stripe at once do not take turns
 * writing one increment each; whoever holds the stripe's turn takes every increment waiting there and writes each key's
 * batch in one compare-and-set ({@code old -> old + n}), then hands each request its own count ({@code old + 1} ...
 * {@code old + n}, in arrival order) and wakes it. Counts stay exact and distinct (each of a window's requests gets
 * its own number, so never more than the limit is allowed), while a busy identity costs one store write per batch
 * instead of a queue of threads each holding the turn through a write of its own: under CPU starvation a descheduled
 * turn holder stalled every thread behind it for its whole write (JFR: 38 ms average waits with 8 load threads on one
 * service account). Other nodes still race on the store, which the compare-and-set loop absorbs.
 *
 * <p>Far below its limit a key's write also reserves spare counts for this node (a lease): up to an eighth of what
 * is left of the limit, at most {@value #MAX_LEASE}, handed out from memory without a store write until used up.
 * Near the limit the lease shrinks to nothing, so counting is exact where it decides. Every count is still handed out
 * once, so never more than the limit is allowed; what a node reserved and did not use in the window is lost to the
 * identity, which another node may then refuse up to that many requests early (a busy identity served by several
 * nodes; one node uses its own lease up).
 *
 * <p>State is bounded: one small queue per stripe (keys map onto stripes by hash), empty whenever nobody counts, and
 * one lease per key this node counted in a live window (expired ones dropped).
 */
public final class CounterCombiner {

    /** Past this many lost races in one batch write, other nodes are hammering the same identity at once. */
    public static final int MAX_ATTEMPTS = 32;
    /** The count answered when every attempt lost its race: over any limit, never recorded. */
    public static final long RACES_LOST = Long.MAX_VALUE;
    /** Most spare counts one write reserves for this node. */
    public static final int MAX_LEASE = 31;
    /** A lease takes at most this share (1/n) of what is left of the limit. */
    private static final int LEASE_SHARE = 8;
    /** Expired leases are dropped when a new one is taken and more than this many are held. */
    private static final int PURGE_ABOVE = 1024;

    /** Counts of one key reserved for this node: {@code next} up to {@code end}, exclusive; lock-free. */
    private static final class Lease {
        final AtomicLong next;
        final long end;
        final long expiresAtMillis;

        Lease(long first, long end, long expiresAtMillis) {
            this.next = new AtomicLong(first);
            this.end = end;
            this.expiresAtMillis = expiresAtMillis;
        }

        /** The next reserved count, or 0 when used up or expired. */
        long take(long nowMillis) {
            if (nowMillis >= expiresAtMillis) {
                return 0;
            }
            long count = next.getAndIncrement();
            return count < end ? count : 0;
        }
    }

    /** What one write added: the first of the requests' counts (or {@link #RACES_LOST}) and the spare counts after them. */
    record Reservation(long first, long spare) {
    }

    /** One waiting increment; its thread parks until it is served or handed the turn. */
    private static final class Request {
        final ConditionalStore store;
        final String key;
        final long lifespanMillis;
        final long limit;
        final Thread thread = Thread.currentThread();
        volatile boolean done;
        volatile boolean turn;
        long count;
        RuntimeException failure;

        Request(ConditionalStore store, String key, long lifespanMillis, long limit) {
            this.store = store;
            this.key = key;
            this.lifespanMillis = lifespanMillis;
            this.limit = limit;
        }
    }

    /** A stripe's queue; its lock guards {@code pending} and {@code busy} only, never a store operation. */
    private static final class Stripe {
        final ReentrantLock lock = new ReentrantLock();
        List<Request> pending = new ArrayList<>();
        boolean busy;
    }

    private final Stripe[] stripes;
    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();

    /** {@code stripes}: rounded up to a power of two. */
    public CounterCombiner(int stripes) {
        if (stripes < 1) {
            throw new IllegalArgumentException("stripes must be at least 1, got " + stripes);
        }
        int size = 1;
        while (size < stripes) {
            size <<= 1;
        }
        this.stripes = new Stripe[size];
        for (int i = 0; i < size; i++) {
            this.stripes[i] = new Stripe();
        }
    }

    /**
     * Adds one to the key's count in the store and answers the new count ({@link #RACES_LOST} when every race was
     * lost). Far below {@code limit} (0: unknown, never leased) the count may come from this node's lease instead.
     */
    long incrementAndGet(ConditionalStore store, String key, long lifespanMillis, long limit) {
        long leased = leased(key);
        if (leased > 0) {
            return leased;
        }
        Request request = new Request(store, key, lifespanMillis, limit);
        Stripe stripe = stripeOf(key);
        boolean combiner;
        stripe.lock.lock();
        try {
            stripe.pending.add(request);
            combiner = !stripe.busy;
            stripe.busy = true;
        } finally {
            stripe.lock.unlock();
        }
        if (!combiner) {
            awaitServedOrTurn(request);
        }
        if (!request.done) {
            combine(stripe);
        }
        if (request.failure != null) {
            throw request.failure;
        }
        return request.count;
    }

    private static void awaitServedOrTurn(Request request) {
        boolean interrupted = false;
        while (!request.done && !request.turn) {
            LockSupport.park(request);
            interrupted |= Thread.interrupted(); // the count must finish: the store holds it already or soon will
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Holding the stripe's turn: serves everything waiting (this thread's own request among it), then passes the turn on. */
    private void combine(Stripe stripe) {
        List<Request> batch;
        stripe.lock.lock();
        try {
            batch = stripe.pending;
            stripe.pending = new ArrayList<>();
        } finally {
            stripe.lock.unlock();
        }
        try {
            Map<String, List<Request>> byKey = new LinkedHashMap<>();
            for (Request request : batch) {
                byKey.computeIfAbsent(request.key, k -> new ArrayList<>()).add(request);
            }
            for (List<Request> group : byKey.values()) {
                serve(group);
            }
        } finally {
            Thread self = Thread.currentThread();
            for (Request request : batch) {
                if (request.count == 0 && request.failure == null) {
                    // the combining thread failed with an Error before serving it: never answer an uncounted request
                    request.failure = new IllegalStateException("count of " + request.key + " not written");
                }
                request.done = true;
                if (request.thread != self) {
                    LockSupport.unpark(request.thread);
                }
            }
            passTurn(stripe);
        }
    }

    /**
     * One write for a key's whole group (none when the node's lease still covers it): each request gets its own
     * count, or all get the failure. Runs under the stripe's turn, so a key's leases are taken one at a time.
     */
    private void serve(List<Request> group) {
        Request first = group.get(0);
        long now = System.currentTimeMillis();
        Lease lease = leases.get(first.key);
        List<Request> unserved = new ArrayList<>(group.size());
        long lifespan = 1;
        long limit = 0;
        for (Request request : group) {
            long leased = lease == null ? 0 : lease.take(now);
            if (leased > 0) {
                request.count = leased;
            } else {
                unserved.add(request);
                lifespan = Math.max(lifespan, request.lifespanMillis);
                limit = Math.max(limit, request.limit);
            }
        }
        if (unserved.isEmpty()) {
            return;
        }
        try {
            Reservation reserved = reserve(first.store, first.key, unserved.size(), limit, lifespan);
            long start = reserved.first();
            for (int i = 0; i < unserved.size(); i++) {
                unserved.get(i).count = start == RACES_LOST ? RACES_LOST : start + i;
            }
            if (start != RACES_LOST && reserved.spare() > 0) {
                long from = start + unserved.size();
                if (leases.size() > PURGE_ABOVE) {
                    leases.values().removeIf(held -> now >= held.expiresAtMillis);
                }
                leases.put(first.key, new Lease(from, from + reserved.spare(), now + lifespan));
            }
        } catch (RuntimeException e) {
            unserved.forEach(request -> request.failure = e);
        }
    }

    /** Adds {@code n} to the key's count; answers the first of the {@code n} new counts, or {@link #RACES_LOST}. */
    static long add(ConditionalStore store, String key, int n, long lifespanMillis) {
        return reserve(store, key, n, 0, lifespanMillis).first();
    }

    /**
     * Adds {@code n} plus a lease to the key's count: answers the first of the {@code n} new counts (or
     * {@link #RACES_LOST}) and how many counts after them were reserved for this node.
     */
    static Reservation reserve(ConditionalStore store, String key, int n, long limit, long lifespanMillis) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Long seen = store.get(key);
            if (seen == null) {
                long spare = spare(0, n, limit);
                seen = store.putIfAbsent(key, n + spare, lifespanMillis);
                if (seen == null) {
                    return new Reservation(1, spare);
                }
            }
            long spare = spare(seen, n, limit);
            if (store.replace(key, seen, seen + n + spare, lifespanMillis)) {
                return new Reservation(seen + 1, spare);
            }
        }
        return new Reservation(RACES_LOST, 0);
    }

    /** Spare counts to reserve after {@code seen + n}: an eighth of what is left below the limit, at most {@value #MAX_LEASE}. */
    static long spare(long seen, int n, long limit) {
        long left = limit - seen - n;
        return left <= 0 ? 0 : Math.min(MAX_LEASE, left / LEASE_SHARE);
    }

    /** A count from this node's lease of the key, or 0. */
    private long leased(String key) {
        Lease lease = leases.get(key);
        return lease == null ? 0 : lease.take(System.currentTimeMillis());
    }


    /** The turn goes to the longest waiting request, or the stripe is free when none waits. */
    private static void passTurn(Stripe stripe) {
        Request next = null;
        stripe.lock.lock();
        try {
            if (stripe.pending.isEmpty()) {
                stripe.busy = false;
            } else {
                next = stripe.pending.get(0);
            }
        } finally {
            stripe.lock.unlock();
        }
        if (next != null) {
            next.turn = true;
            LockSupport.unpark(next.thread);
        }
    }

    /** Requests waiting in the key's stripe (tests). */
    int waiting(String key) {
        Stripe stripe = stripeOf(key);
        stripe.lock.lock();
        try {
            return stripe.pending.size();
        } finally {
            stripe.lock.unlock();
        }
    }

    int size() {
        return stripes.length;
    }

    private Stripe stripeOf(String key) {
        int hash = key.hashCode();
        return stripes[(hash ^ (hash >>> 16)) & (stripes.length - 1)];
    }
}

package io.github.idgov.core.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>State is fixed: one small queue per stripe (keys map onto stripes by hash), empty whenever nobody counts.
 */
public final class CounterCombiner {

    /** Past this many lost races in one batch write, other nodes are hammering the same identity at once. */
    public static final int MAX_ATTEMPTS = 32;
    /** The count answered when every attempt lost its race: over any limit, never recorded. */
    public static final long RACES_LOST = Long.MAX_VALUE;

    /** One waiting increment; its thread parks until it is served or handed the turn. */
    private static final class Request {
        final ConditionalStore store;
        final String key;
        final long lifespanMillis;
        final Thread thread = Thread.currentThread();
        volatile boolean done;
        volatile boolean turn;
        long count;
        RuntimeException failure;

        Request(ConditionalStore store, String key, long lifespanMillis) {
            this.store = store;
            this.key = key;
            this.lifespanMillis = lifespanMillis;
        }
    }

    /** A stripe's queue; its lock guards {@code pending} and {@code busy} only, never a store operation. */
    private static final class Stripe {
        final ReentrantLock lock = new ReentrantLock();
        List<Request> pending = new ArrayList<>();
        boolean busy;
    }

    private final Stripe[] stripes;

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

    /** Adds one to the key's count in the store and answers the new count ({@link #RACES_LOST} when every race was lost). */
    long incrementAndGet(ConditionalStore store, String key, long lifespanMillis) {
        Request request = new Request(store, key, lifespanMillis);
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
    private static void combine(Stripe stripe) {
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

    /** One write for a key's whole group: each request gets its own count, or all get the failure. */
    private static void serve(List<Request> group) {
        Request first = group.get(0);
        long lifespan = 1;
        for (Request request : group) {
            lifespan = Math.max(lifespan, request.lifespanMillis);
        }
        try {
            long start = add(first.store, first.key, group.size(), lifespan);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).count = start == RACES_LOST ? RACES_LOST : start + i;
            }
        } catch (RuntimeException e) {
            group.forEach(request -> request.failure = e);
        }
    }

    /** Adds {@code n} to the key's count; answers the first of the {@code n} new counts, or {@link #RACES_LOST}. */
    static long add(ConditionalStore store, String key, int n, long lifespanMillis) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Long seen = store.get(key);
            if (seen == null) {
                seen = store.putIfAbsent(key, n, lifespanMillis);
                if (seen == null) {
                    return 1;
                }
            }
            if (store.replace(key, seen, seen + n, lifespanMillis)) {
                return seen + 1;
            }
        }
        return RACES_LOST;
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

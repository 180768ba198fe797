package io.github.idgov.core.limits;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks a key maps onto: the threads of one node that count the same identity take turns before
 * they reach the shared store, so the store's own key lock (Infinispan parks its waiters) is never contended from
 * within a node and a node's compare-and-set does not lose races to itself. Other nodes still race, which the
 * compare-and-set loop absorbs.
 */
public final class StripedLocks {

    private final ReentrantLock[] locks;

    /** {@code stripes}: rounded up to a power of two. */
    public StripedLocks(int stripes) {
        if (stripes < 1) {
            throw new IllegalArgumentException("stripes must be at least 1, got " + stripes);
        }
        int size = 1;
        while (size < stripes) {
            size <<= 1;
        }
        locks = new ReentrantLock[size];
        for (int i = 0; i < size; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(String key) {
        int hash = key.hashCode();
        return locks[(hash ^ (hash >>> 16)) & (locks.length - 1)];
    }

    int size() {
        return locks.length;
    }
}

package io.github.idgov.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Paired rounds: each pair gives both realms one round, run as slices that alternate between them (A B B A A B …;
 * the next pair starts with B). Drift of the machine within a pair, which on a small shared machine moves a realm's
 * throughput by ±15 % from one 20 s round to the next, then falls on both realms alike; with one slice per round this
 * is A B, then B A.
 */
final class PairedRounds {

    /** One realm's side of a pair: {@link #prepare} runs once per pair (logins), outside the measured slices. */
    @FunctionalInterface
    interface Side {
        Slice prepare() throws IOException, InterruptedException;
    }

    @FunctionalInterface
    interface Slice {
        RoundResult run() throws IOException, InterruptedException;
    }

    @FunctionalInterface
    interface PairLog {
        void pair(int pair, RoundResult a, RoundResult b);
    }

    private PairedRounds() {
    }

    /** {@code a}'s rounds are the comparison's baseline, {@code b}'s its governed side; each round is {@code slices} slices. */
    static GrantComparison compare(Grant grant, int pairs, int slices, Side sideA, Side sideB, PairLog log)
            throws IOException, InterruptedException {
        if (slices < 1) {
            throw new IllegalArgumentException("slices per round must be positive, got " + slices);
        }
        List<RoundResult> as = new ArrayList<>();
        List<RoundResult> bs = new ArrayList<>();
        for (int pair = 1; pair <= pairs; pair++) {
            Slice a = sideA.prepare();
            Slice b = sideB.prepare();
            RoundResult first = null;
            RoundResult second = null;
            for (int slice = 0; slice < slices; slice++) {
                if (aFirst(pair, slice)) {
                    first = joined(first, a.run());
                    second = joined(second, b.run());
                } else {
                    second = joined(second, b.run());
                    first = joined(first, a.run());
                }
            }
            as.add(first);
            bs.add(second);
            log.pair(pair, first, second);
        }
        return new GrantComparison(grant, as, bs);
    }

    /** A B B A within a pair (a linear drift cancels over each four slices); odd pairs start with A, even with B. */
    static boolean aFirst(int pair, int slice) {
        return (pair % 2 == 1) == (slice % 2 == 0);
    }

    private static RoundResult joined(RoundResult sofar, RoundResult slice) {
        return sofar == null ? slice : sofar.plus(slice);
    }
}

package io.github.idgov.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Paired rounds in alternating order (A B, then B A, …): drift of the machine within a pair favours neither side. */
final class PairedRounds {

    @FunctionalInterface
    interface Round {
        RoundResult run() throws IOException, InterruptedException;
    }

    @FunctionalInterface
    interface PairLog {
        void pair(int pair, RoundResult a, RoundResult b);
    }

    private PairedRounds() {
    }

    /** {@code a}'s rounds are the comparison's baseline, {@code b}'s its governed side. */
    static GrantComparison compare(Grant grant, int pairs, Round a, Round b, PairLog log) throws IOException, InterruptedException {
        List<RoundResult> as = new ArrayList<>();
        List<RoundResult> bs = new ArrayList<>();
        for (int pair = 1; pair <= pairs; pair++) {
            RoundResult first;
            RoundResult second;
            if (pair % 2 == 1) {
                first = a.run();
                second = b.run();
            } else {
                second = b.run();
                first = a.run();
            }
            as.add(first);
            bs.add(second);
            log.pair(pair, first, second);
        }
        return new GrantComparison(grant, as, bs);
    }
}

package io.github.idgov.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * One round of load against one realm.
 *
 * @param ok         requests answered 200
 * @param errors     any other answer, or an I/O failure
 * @param firstError what the first error was, or null
 * @param elapsed    from the round's start to the last answer
 * @param latencies  nanoseconds per successful request
 * @param cpu        CPU time the processes used during the round (Keycloak, database, load generator); null where
 *                   {@code /proc} could not tell
 */
record RoundResult(long ok, long errors, String firstError, Duration elapsed, Histogram latencies, ProcessCpu.Sample cpu) {

    /** This round and {@code next} as one: the slices of a realm in a pair are its round. */
    RoundResult plus(RoundResult next) {
        Histogram both = latencies.copy();
        both.add(next.latencies);
        ProcessCpu.Sample used = cpu == null || next.cpu == null ? null : cpu.plus(next.cpu);
        return new RoundResult(ok + next.ok, errors + next.errors, firstError != null ? firstError : next.firstError,
                elapsed.plus(next.elapsed), both, used);
    }

    RoundResult withCpu(ProcessCpu.Sample used) {
        return new RoundResult(ok, errors, firstError, elapsed, latencies, used);
    }

    /** Milliseconds of CPU per successful request, of what {@code part} picks from the sample; NaN without a sample. */
    double cpuMillisPerRequest(java.util.function.ToLongFunction<ProcessCpu.Sample> part) {
        return cpu == null || ok == 0 ? Double.NaN : part.applyAsLong(cpu) / 1e6 / ok;
    }

    double requestsPerSecond() {
        return ok / (elapsed.toNanos() / 1e9);
    }
}

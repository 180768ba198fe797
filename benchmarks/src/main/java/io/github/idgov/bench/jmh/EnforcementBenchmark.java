package io.github.idgov.bench.jmh;

import io.github.idgov.core.Enforcement;
import io.github.idgov.core.ExpiryHorizons;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRules;
import io.github.idgov.core.Violation;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** What a realm's mode makes of each violation of an incomplete agent (JMH needs it non-final). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnforcementBenchmark {

    @Param({"MONITOR", "ENFORCE"})
    public GovernanceMode mode;

    private List<Violation> violations;

    @Setup
    public void findViolations() {
        violations = new GovernanceRules(ExpiryHorizons.defaults(), Clock.systemUTC())
                .validate(Principals.incompleteAgent(), true, Principals.DIRECTORY);
        if (violations.isEmpty()) {
            throw new IllegalStateException("the incomplete agent should break rules");
        }
    }

    @Benchmark
    public void decideEveryViolation(Blackhole decisions) {
        for (Violation violation : violations) {
            decisions.consume(Enforcement.of(mode, violation));
        }
    }
}

package io.github.idgov.bench.jmh;

import io.github.idgov.core.ExpiryHorizons;
import io.github.idgov.core.GovernanceRules;
import io.github.idgov.core.Violation;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The policy decision: every governance rule over a principal's attributes (JMH needs it non-final). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GovernanceRulesBenchmark {

    private final GovernanceRules rules = new GovernanceRules(ExpiryHorizons.defaults(),
            Clock.fixed(Principals.TODAY.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC));
    private final Map<String, List<String>> completeAgent = Principals.completeAgent();
    private final Map<String, List<String>> incompleteAgent = Principals.incompleteAgent();
    private final Map<String, List<String>> plainPerson = Principals.plainPerson();

    @Benchmark
    public List<Violation> completeAgentPasses() {
        return rules.validate(completeAgent, true, Principals.DIRECTORY);
    }

    @Benchmark
    public List<Violation> incompleteAgentFails() {
        return rules.validate(incompleteAgent, true, Principals.DIRECTORY);
    }

    @Benchmark
    public List<Violation> plainPersonPasses() {
        return rules.validate(plainPerson, false, Principals.DIRECTORY);
    }
}

package io.github.idgov.bench.jmh;

import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.GovernanceRecords;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Record resolution: a principal's stored attributes to its {@link GovernanceRecord} (JMH needs it non-final). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GovernanceRecordsBenchmark {

    private final Map<String, List<String>> completeAgent = Principals.completeAgent();
    private final Map<String, List<String>> plainPerson = Principals.plainPerson();

    @Benchmark
    public GovernanceRecord completeAgent() {
        return GovernanceRecords.from(Principals.AGENT, completeAgent);
    }

    @Benchmark
    public GovernanceRecord personWithDerivedClass() {
        return GovernanceRecords.from(Principals.PERSON, plainPerson);
    }
}

package io.github.idgov.bench.jmh;

import io.github.idgov.core.Autonomy;
import io.github.idgov.core.delegation.ScopeGrant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The scope algebra of one delegated exchange (requested ∩ assigned ∩ subject token ∩ autonomy tier, no irreversible
 * scope), as the exchange runs it: the markers of a realm with a dozen tagged scopes, an agent at {@code recommend}
 * (JMH needs the class non-final).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScopeGrantBenchmark {

    private final ScopeGrant.Markers markers = new ScopeGrant.Markers(Map.ofEntries(
            Map.entry("calendar:read", Autonomy.OBSERVE), Map.entry("mail:read", Autonomy.OBSERVE),
            Map.entry("tickets:read", Autonomy.OBSERVE), Map.entry("crm:read", Autonomy.OBSERVE),
            Map.entry("tickets:comment", Autonomy.RECOMMEND), Map.entry("mail:draft", Autonomy.RECOMMEND),
            Map.entry("crm:suggest", Autonomy.RECOMMEND), Map.entry("tickets:close", Autonomy.ACT),
            Map.entry("mail:send", Autonomy.ACT), Map.entry("payments:execute", Autonomy.ACT)),
            Set.of("payments:execute"));
    private final List<String> assigned = List.of("calendar:read", "mail:read", "tickets:read", "tickets:comment",
            "mail:draft", "tickets:close", "payments:execute");
    private final List<String> subjectToken = List.of("openid", "profile", "calendar:read", "mail:read", "tickets:read",
            "tickets:comment", "mail:draft", "tickets:close");
    private final List<String> request = List.of("tickets:read", "tickets:comment", "mail:read");
    private final List<String> escalation = List.of("tickets:read", "tickets:close");

    @Benchmark
    public Set<String> grantRequestedScopes() {
        ScopeGrant grant = new ScopeGrant(assigned, subjectToken, markers, Autonomy.RECOMMEND);
        return grant.refusal(request).isEmpty() ? grant.granted(request) : Set.of();
    }

    @Benchmark
    public Set<String> grantWholeIntersection() {
        ScopeGrant grant = new ScopeGrant(assigned, subjectToken, markers, Autonomy.RECOMMEND);
        return grant.granted(List.of());
    }

    @Benchmark
    public Optional<ScopeGrant.Refusal> refuseEscalation() {
        return new ScopeGrant(assigned, subjectToken, markers, Autonomy.RECOMMEND).refusal(escalation);
    }
}

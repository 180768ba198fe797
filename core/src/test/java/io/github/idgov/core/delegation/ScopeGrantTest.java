package io.github.idgov.core.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.Autonomy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeGrantTest {

    private static final ScopeGrant.Markers MARKERS = new ScopeGrant.Markers(
            Map.of("orders:read", Autonomy.OBSERVE, "orders:suggest", Autonomy.RECOMMEND, "orders:write", Autonomy.ACT,
                    "payments:execute", Autonomy.ACT),
            Set.of("payments:execute"));

    private static final List<String> ASSIGNED = List.of("orders:read", "orders:suggest", "orders:write", "payments:execute", "unmarked");
    private static final List<String> SUBJECT = List.of("orders:read", "orders:suggest", "orders:write", "payments:execute", "unmarked", "email");

    @Test
    void emptyRequestGetsTheIntersectionWithinTheTier() {
        assertThat(grant(Autonomy.OBSERVE).granted(List.of())).containsExactly("orders:read");
        assertThat(grant(Autonomy.RECOMMEND).granted(List.of())).containsExactly("orders:read", "orders:suggest");
        assertThat(grant(Autonomy.ACT).granted(List.of())).containsExactly("orders:read", "orders:suggest", "orders:write", "unmarked");
    }

    @Test
    void anApprovalIsJudgedOnTheTierAloneWithTheExchangesWording() {
        assertThat(grant(Autonomy.ACT).autonomyRefusal(List.of("payments:execute", "orders:write"))).as("irreversible is what is approved").isEmpty();
        ScopeGrant.Refusal tier = grant(Autonomy.RECOMMEND).autonomyRefusal(List.of("payments:execute", "orders:read")).orElseThrow();
        assertThat(tier.describe()).isEqualTo(grant(Autonomy.RECOMMEND).refusal(List.of("orders:write")).orElseThrow().describe()
                .replace("orders:write", "payments:execute"));
        assertThat(tier.describe()).isEqualTo("scope 'payments:execute' needs a higher autonomy tier than the agent's (needs act, agent is recommend)");
        assertThat(grant(Autonomy.RECOMMEND).autonomyRefusal(List.of("unmarked")).orElseThrow().needed()).as("unmarked needs act").isEqualTo(Autonomy.ACT);
    }

    @Test
    void eachEscalationIsRefusedWithItsReason() {
        ScopeGrant observe = grant(Autonomy.OBSERVE);
        assertThat(observe.refusal(List.of("email")).orElseThrow().reason()).isEqualTo(ScopeGrant.Reason.NOT_ASSIGNED);
        ScopeGrant narrowSubject = new ScopeGrant(ASSIGNED, List.of("orders:read"), MARKERS, Autonomy.ACT);
        assertThat(narrowSubject.refusal(List.of("orders:write")).orElseThrow().reason()).isEqualTo(ScopeGrant.Reason.NOT_IN_SUBJECT_TOKEN);
        assertThat(grant(Autonomy.ACT).refusal(List.of("payments:execute")).orElseThrow().reason()).isEqualTo(ScopeGrant.Reason.IRREVERSIBLE);
        ScopeGrant.Refusal tier = observe.refusal(List.of("orders:read", "orders:suggest")).orElseThrow();
        assertThat(tier.reason()).isEqualTo(ScopeGrant.Reason.ABOVE_AUTONOMY);
        assertThat(tier.describe()).isEqualTo("scope 'orders:suggest' needs a higher autonomy tier than the agent's (needs recommend, agent is observe)");
        assertThat(observe.refusal(List.of("unmarked")).orElseThrow().needed()).as("unmarked needs act").isEqualTo(Autonomy.ACT);
    }

    @Test
    void anAllowedRequestIsGrantedExactly() {
        ScopeGrant recommend = grant(Autonomy.RECOMMEND);
        assertThat(recommend.refusal(List.of("orders:read"))).isEmpty();
        assertThat(recommend.granted(List.of("orders:read"))).containsExactly("orders:read");
    }

    private static ScopeGrant grant(Autonomy autonomy) {
        return new ScopeGrant(ASSIGNED, SUBJECT, MARKERS, autonomy);
    }
}

package io.github.idgov.core.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalBindingTest {

    private static final ApprovalBinding APPROVED = new ApprovalBinding("agent", "u1", Set.of("payments:execute", "orders:read"), "pay-42");

    @Test
    void sameAgentUserScopesAndMessageMatchWhateverTheScopeOrder() {
        assertThat(APPROVED.matches(new ApprovalBinding("agent", "u1", ApprovalBinding.scopes(" orders:read  payments:execute "), "pay-42"))).isTrue();
        assertThat(APPROVED.scopeParameter()).isEqualTo("orders:read payments:execute");
    }

    @Test
    void anyDifferenceBreaksTheBinding() {
        assertThat(APPROVED.matches(new ApprovalBinding("agent2", "u1", APPROVED.scopes(), "pay-42"))).as("other agent").isFalse();
        assertThat(APPROVED.matches(new ApprovalBinding("agent", "u2", APPROVED.scopes(), "pay-42"))).as("other user").isFalse();
        assertThat(APPROVED.matches(new ApprovalBinding("agent", "u1", Set.of("payments:execute"), "pay-42"))).as("fewer scopes").isFalse();
        assertThat(APPROVED.matches(new ApprovalBinding("agent", "u1", Set.of("payments:execute", "orders:read", "orders:write"), "pay-42")))
                .as("more scopes").isFalse();
        assertThat(APPROVED.matches(new ApprovalBinding("agent", "u1", APPROVED.scopes(), "pay-43"))).as("other message").isFalse();
        assertThat(APPROVED.matches(new ApprovalBinding("agent", "u1", APPROVED.scopes(), null))).as("no message").isFalse();
        assertThat(APPROVED.matches(null)).isFalse();
    }

    @Test
    void blankScopeParameterIsEmpty() {
        assertThat(ApprovalBinding.scopes(null)).isEmpty();
        assertThat(ApprovalBinding.scopes("  ")).isEmpty();
    }

    @Test
    void onlyAPendingUnexpiredApprovalCanBeDecided() {
        assertThat(ApprovalState.PENDING.decisionRefusal(100, 99)).isEmpty();
        assertThat(ApprovalState.PENDING.decisionRefusal(100, 100)).contains(ApprovalState.Refusal.EXPIRED);
        assertThat(ApprovalState.EXPIRED.decisionRefusal(100, 1)).contains(ApprovalState.Refusal.EXPIRED);
        for (ApprovalState decided : new ApprovalState[] {ApprovalState.APPROVED, ApprovalState.DENIED, ApprovalState.CONSUMED}) {
            assertThat(decided.decisionRefusal(100, 1)).as(decided.value()).contains(ApprovalState.Refusal.ALREADY_DECIDED);
        }
        assertThat(ApprovalState.parse("consumed")).contains(ApprovalState.CONSUMED);
        assertThat(ApprovalState.parse("CONSUMED")).isEmpty();
    }

    @Test
    void theUserDecidesTheSponsorOnlyWhereThePolicySaysSo() {
        assertThat(Approvers.mayDecide(null, "u1", "sam", "u1", "alice")).isTrue();
        assertThat(Approvers.mayDecide(null, "u1", "sam", "u2", "sam")).as("sponsor, default policy").isFalse();
        assertThat(Approvers.mayDecide("user", "u1", "sam", "u2", "sam")).isFalse();
        assertThat(Approvers.mayDecide("user-or-sponsor", "u1", "sam", "u2", "SAM")).isTrue();
        assertThat(Approvers.mayDecide("user-or-sponsor", "u1", "sam", "u3", "bob")).as("someone else").isFalse();
        assertThat(Approvers.mayDecide("user-or-sponsor", "u1", null, "u3", null)).isFalse();
        assertThat(Approvers.mayDecide("user-or-sponsor", "u1", "sam", null, "sam")).isFalse();
    }

    @Test
    void onlyASponsorshipThatStillHoldsDecides() {
        assertThat(Approvers.sponsorStill("sam", "sam")).isEqualTo("sam");
        assertThat(Approvers.sponsorStill("sam", "SAM")).isEqualTo("sam");
        assertThat(Approvers.sponsorStill("sam", "carol")).as("sponsor changed since the request").isNull();
        assertThat(Approvers.sponsorStill("sam", null)).as("sponsor removed").isNull();
        assertThat(Approvers.sponsorStill(null, "carol")).as("a sponsor the request did not name").isNull();
        assertThat(Approvers.sponsorStill(null, null)).isNull();
        assertThat(Approvers.mayDecide("user-or-sponsor", "u1", Approvers.sponsorStill("sam", "carol"), "u2", "sam")).isFalse();
    }

    @Test
    void evidenceSitsInActAndStepUpMustBeFresh() {
        Map<String, Object> act = ApprovalEvidence.act("s", "agent", "ai-agent", "a1", "alice", "u1", "2", 1000);
        assertThat(act).containsEntry("client_id", "agent").containsEntry("sub", "s");
        assertThat(act.get("approval")).isEqualTo(Map.of("id", "a1", "approver", "alice", "approver_sub", "u1", "acr", "2", "approved_at", 1000L));
        assertThat(ApprovalEvidence.freshStepUp("2", 900L, 2, 300, 1000, Map.of())).isTrue();
        assertThat(ApprovalEvidence.freshStepUp("3", 900L, 2, 300, 1000, Map.of())).isTrue();
        assertThat(ApprovalEvidence.freshStepUp("1", 900L, 2, 300, 1000, Map.of())).as("level too low").isFalse();
        assertThat(ApprovalEvidence.freshStepUp("2", 600L, 2, 300, 1000, Map.of())).as("too old").isFalse();
        assertThat(ApprovalEvidence.freshStepUp("gold", 900L, 2, 300, 1000, Map.of())).isFalse();
        assertThat(ApprovalEvidence.freshStepUp(null, 900L, 2, 300, 1000, Map.of())).isFalse();
        assertThat(ApprovalEvidence.freshStepUp("2", null, 2, 300, 1000, Map.of())).isFalse();
        assertThat(ApprovalEvidence.freshStepUp("gold", 900L, 2, 300, 1000, Map.of("silver", 1, "gold", 2))).as("named level").isTrue();
        assertThat(ApprovalEvidence.freshStepUp("silver", 900L, 2, 300, 1000, Map.of("silver", 1, "gold", 2))).isFalse();
    }
}

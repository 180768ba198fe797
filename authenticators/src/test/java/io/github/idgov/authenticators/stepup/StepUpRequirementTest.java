package io.github.idgov.authenticators.stepup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepUpRequirementTest {

    @Test
    void aLevelTwoRequirementAsksTheSecondFactor() {
        StepUpRequirement requirement = new StepUpRequirement(2, 300, "payments:approve");
        assertThat(requirement.asked()).isEqualTo("second factor asked: level 2 within 300 s (payments:approve)");
        assertThat(requirement.wouldAsk()).isEqualTo("would ask for a step-up to level 2 within 300 s (payments:approve) (monitor: not asked)");
    }

    @Test
    void aClientNeedingOnlyLevelOneIsAskedAFreshSignInNotASecondFactor() {
        StepUpRequirement requirement = StepUpRequirement.from("reports", "1", "120").orElseThrow();
        assertThat(requirement.asked()).isEqualTo("fresh sign-in asked (no second factor): level 1 within 120 s (reports)")
                .doesNotContain("second factor asked").doesNotContain("step-up");
        assertThat(requirement.wouldAsk()).isEqualTo(
                "would ask for a fresh sign-in (no second factor) at level 1 within 120 s (reports) (monitor: not asked)");
    }

    @Test
    void combinedRequirementsAreWordedByTheirStrictestLevel() {
        StepUpRequirement one = new StepUpRequirement(1, 600, "app");
        StepUpRequirement two = new StepUpRequirement(2, 300, "payments:approve");
        assertThat(one.strictest(two).asked()).startsWith("second factor asked: level 2 within 300 s");
        assertThat(one.strictest(new StepUpRequirement(1, 60, "reports")).asked())
                .isEqualTo("fresh sign-in asked (no second factor): level 1 within 60 s (app, reports)");
    }
}

package io.github.idgov.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StepUpConfigRulesTest {

    private static final Set<String> SCOPES = Set.of("payments:approve", "profile");

    @Test
    void aCompleteValidConfigurationHasNoProblem() {
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("level", "2", "max-age", "300",
                "sensitive-scopes", "payments:approve##profile"), SCOPES::contains)).isEmpty();
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of(), SCOPES::contains)).isEmpty();
        assertThat(StepUpConfigRules.authenticatorProblems(null, SCOPES::contains)).isEmpty();
    }

    @Test
    void eachBadFieldIsNamed() {
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("level", "0", "max-age", "-5",
                "sensitive-scopes", "payments:approve##payments:aprove"), SCOPES::contains))
                .containsExactly("level: \"0\" is not a level of authentication (a whole number, at least 1)",
                        "max-age: \"-5\" is not a number of seconds (a whole number, at least 0)",
                        "sensitive-scopes: \"payments:aprove\" is not a client scope of this realm");
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("level", "two"), SCOPES::contains))
                .singleElement().asString().startsWith("level:");
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("max-age", "5m"), SCOPES::contains))
                .singleElement().asString().startsWith("max-age:");
    }

    @Test
    void attributes() {
        assertThat(StepUpConfigRules.attributeProblems(null, null)).isEmpty();
        assertThat(StepUpConfigRules.attributeProblems("2", null)).isEmpty();
        assertThat(StepUpConfigRules.attributeProblems("2", "0")).isEmpty();
        assertThat(StepUpConfigRules.attributeProblems("2", "-1")).singleElement().asString().startsWith("idgov.step-up.max-age:");
        assertThat(StepUpConfigRules.attributeProblems("-2", "10")).singleElement().asString().startsWith("idgov.step-up.level:");
        assertThat(StepUpConfigRules.attributeProblems(null, "10")).singleElement().asString()
                .contains("set without idgov.step-up.level");
    }

    @Property
    void everyNegativeMaxAgeIsRefusedAndEveryOtherWholeNumberAccepted(@ForAll @IntRange(min = -100000, max = 100000) int maxAge) {
        boolean refused = !StepUpConfigRules.attributeProblems("2", String.valueOf(maxAge)).isEmpty();
        assertThat(refused).isEqualTo(maxAge < 0);
    }
}

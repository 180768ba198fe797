package io.github.idgov.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GovernanceAttributeTest {

    /** DESIGN.md section 3, in table order. */
    private static final List<String> DESIGN_NAMES = List.of(
            "identity_class", "identity_owner", "identity_sponsor", "identity_purpose", "identity_environment",
            "identity_risk_tier", "identity_autonomy", "identity_expires_at", "identity_review_cadence_days",
            "identity_last_reviewed_at", "identity_last_reviewed_by",
            // written by the pack's lifecycle controls
            "identity_review_status", "identity_reclassified_at",
            // per-identity overrides of the command limits (issue 10)
            "identity_rate_limit_tokens_per_minute", "identity_rate_limit_exchanges_per_hour");

    @Test
    void namesMatchTheDesignExactly() {
        assertThat(Arrays.stream(GovernanceAttribute.values()).map(GovernanceAttribute::attributeName))
                .containsExactlyElementsOf(DESIGN_NAMES);
    }

    @Test
    void onlyTheReviewAndLifecycleFieldsAreReadOnly() {
        assertThat(Arrays.stream(GovernanceAttribute.values()).filter(GovernanceAttribute::isReadOnly))
                .containsExactly(GovernanceAttribute.LAST_REVIEWED_AT, GovernanceAttribute.LAST_REVIEWED_BY,
                        GovernanceAttribute.REVIEW_STATUS, GovernanceAttribute.RECLASSIFIED_AT);
    }

    @ParameterizedTest
    @EnumSource(GovernanceAttribute.class)
    void byNameRoundTrips(GovernanceAttribute attribute) {
        assertThat(GovernanceAttribute.byName(attribute.attributeName())).contains(attribute);
    }

    @Test
    void byNameIsExact() {
        assertThat(GovernanceAttribute.byName("Identity_Class")).isEmpty();
        assertThat(GovernanceAttribute.byName("CLASS")).isEmpty();
        assertThat(GovernanceAttribute.byName(" identity_class")).isEmpty();
        assertThat(GovernanceAttribute.byName("identity-class")).isEmpty();
        assertThat(GovernanceAttribute.byName(null)).isEmpty();
    }

    @Test
    void displayNamesAreDistinctAndNonBlank() {
        List<String> display = Arrays.stream(GovernanceAttribute.values()).map(GovernanceAttribute::displayName).toList();
        assertThat(display).allSatisfy(d -> assertThat(d).isNotBlank()).doesNotHaveDuplicates();
    }

    @Test
    void contractNames() {
        assertThat(GovernanceAttribute.GROUP).isEqualTo("identity-governance");
        assertThat(GovernanceContract.IDENTITY_CLASS_CLAIM).isEqualTo(GovernanceAttribute.CLASS.attributeName());
        assertThat(GovernanceContract.VALIDATOR_ID).startsWith("idgov-");
        assertThat(GovernanceContract.IDENTITY_CLASS_MAPPER_ID).startsWith("idgov-");
    }
}

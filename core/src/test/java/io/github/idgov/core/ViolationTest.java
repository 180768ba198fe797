package io.github.idgov.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.core.Violation.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViolationTest {

    @Test
    void factoriesSetTheKind() {
        Violation m = Violation.malformed(GovernanceAttribute.OWNER, "idgov-person-not-found", "ghost");
        assertThat(m).isEqualTo(new Violation(GovernanceAttribute.OWNER, Kind.MALFORMED, "idgov-person-not-found",
                List.of("ghost")));
        Violation p = Violation.policy(GovernanceAttribute.SPONSOR, "idgov-sponsor-required");
        assertThat(p.kind()).isEqualTo(Kind.POLICY);
        assertThat(p.field()).isEqualTo(GovernanceAttribute.SPONSOR);
        assertThat(p.params()).isEmpty();
    }

    @Test
    void paramsAreAnImmutableCopy() {
        List<String> params = new ArrayList<>(List.of("a"));
        Violation v = new Violation(GovernanceAttribute.CLASS, Kind.MALFORMED, "k", params);
        params.add("b");
        assertThat(v.params()).containsExactly("a");
        assertThatThrownBy(() -> v.params().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void describeInvalidOption() {
        Violation v = Violation.malformed(GovernanceAttribute.CLASS, "idgov-invalid-option", "Human",
                AttributeValue.allowed(IdentityClass.class));
        assertThat(v.describe())
                .isEqualTo("identity_class: \"Human\" is not one of: human, service-account, bot, ai-agent.");
    }

    @Test
    void describeHorizon() {
        Violation v = Violation.policy(GovernanceAttribute.EXPIRES_AT, "idgov-expiry-beyond-horizon",
                "2027-03-01", "90", "2027-02-27");
        assertThat(v.describe())
                .isEqualTo("identity_expires_at: 2027-03-01 is beyond the 90-day horizon for this class (latest 2027-02-27).");
    }

    @Test
    void describeRequiredAndSingleValue() {
        assertThat(Violation.policy(GovernanceAttribute.SPONSOR, "idgov-sponsor-required").describe())
                .isEqualTo("identity_sponsor is required for an ai-agent.");
        assertThat(Violation.malformed(GovernanceAttribute.RISK_TIER, "idgov-single-value").describe())
                .isEqualTo("identity_risk_tier takes a single value.");
        assertThat(Violation.policy(GovernanceAttribute.CLASS, "idgov-service-account-not-human").describe())
                .isEqualTo("identity_class: a service account cannot be classified human.");
    }

    @Test
    void describeTooLongAndCadenceFromTheRules() {
        var rules = Fixtures.rules();
        var tooLong = rules.validateField(GovernanceAttribute.PURPOSE,
                Fixtures.attrs().with(GovernanceAttribute.PURPOSE, "p".repeat(1025)).map(), false, Fixtures.DIRECTORY);
        assertThat(tooLong).singleElement().extracting(Violation::describe)
                .isEqualTo("identity_purpose is longer than 1024 characters.");
        var cadence = rules.validateField(GovernanceAttribute.REVIEW_CADENCE_DAYS,
                Fixtures.attrs().with(GovernanceAttribute.REVIEW_CADENCE_DAYS, "abc").map(), false, Fixtures.DIRECTORY);
        assertThat(cadence).singleElement().extracting(Violation::describe)
                .isEqualTo("identity_review_cadence_days: \"abc\" is not a whole number of days between 1 and 3650.");
    }

    @Test
    void describeOfAnUnknownKeyShowsTheKeyAndAllArguments() {
        Violation v = new Violation(GovernanceAttribute.OWNER, Kind.POLICY, "idgov-nope", List.of("x"));
        assertThat(v.describe()).isEqualTo("idgov-nope[identity_owner, x]");
    }
}

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

    @Test
    void factorsAreKnownValuesWithRecoveryCodesOnlyAsAFallback() {
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("factors", "webauthn##passkey##recovery-codes"), SCOPES::contains)).isEmpty();
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("factors", "otp"), SCOPES::contains)).isEmpty();
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("factors", "otp##sms"), SCOPES::contains))
                .containsExactly("factors: \"sms\" is not one of: otp, webauthn, passkey, recovery-codes");
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("factors", "recovery-codes"), SCOPES::contains))
                .singleElement().asString().startsWith("factors: recovery-codes is a fallback");
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("factors", " ## "), SCOPES::contains))
                .singleElement().asString().startsWith("factors: empty");
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("factors", "OTP"), SCOPES::contains))
                .singleElement().asString().startsWith("factors: \"OTP\"");
    }

    @Test
    void noFactorIsEnrollOrDeny() {
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("no-factor", "enroll"), SCOPES::contains)).isEmpty();
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("no-factor", "deny"), SCOPES::contains)).isEmpty();
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("no-factor", "allow"), SCOPES::contains))
                .containsExactly("no-factor: \"allow\" is not one of: enroll, deny");
        assertThat(StepUpConfigRules.deniesWithoutFactor("deny")).isTrue();
        assertThat(StepUpConfigRules.deniesWithoutFactor(null)).isFalse();
        assertThat(StepUpConfigRules.deniesWithoutFactor("enroll")).isFalse();
    }

    @Test
    void factorsKeepTheirOrderDropDuplicatesAndFallBackToAllWhenNothingUsableIsSet() {
        assertThat(StepUpConfigRules.factors("webauthn##otp##webauthn")).containsExactly(StepUpFactor.WEBAUTHN, StepUpFactor.OTP);
        assertThat(StepUpConfigRules.factors(null)).containsExactly(StepUpFactor.OTP, StepUpFactor.WEBAUTHN,
                StepUpFactor.PASSKEY, StepUpFactor.RECOVERY_CODES);
        assertThat(StepUpConfigRules.factors("sms")).isEqualTo(StepUpConfigRules.DEFAULT_FACTORS);
        assertThat(StepUpConfigRules.factors("recovery-codes")).isEqualTo(StepUpConfigRules.DEFAULT_FACTORS);
    }

    @Test
    void eachFactorMapsToItsKeycloakAuthenticatorAndAmrValue() {
        assertThat(StepUpFactor.byAuthenticator("webauthn-authenticator")).contains(StepUpFactor.WEBAUTHN);
        assertThat(StepUpFactor.byAuthenticator("webauthn-authenticator-passwordless")).contains(StepUpFactor.PASSKEY);
        assertThat(StepUpFactor.byAuthenticator("auth-username-password-form")).isEmpty();
        assertThat(StepUpFactor.WEBAUTHN.amr()).isEqualTo("hwk");
        assertThat(StepUpFactor.PASSKEY.amr()).isEqualTo("pop");
        assertThat(StepUpFactor.OTP.amr()).isEqualTo("otp");
        assertThat(StepUpFactor.parse(" passkey ")).contains(StepUpFactor.PASSKEY);
        assertThat(StepUpFactor.parse(null)).isEmpty();
    }

    @Test
    void aFactorTheServerDoesNotOfferIsNamed() {
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("factors", "otp##recovery-codes"), SCOPES::contains,
                f -> f != StepUpFactor.RECOVERY_CODES)).singleElement().asString()
                .startsWith("factors: \"recovery-codes\" is not available on this server");
    }

    @Property
    void anyListOfKnownFactorsWithARealOneIsAcceptedAndKeptInOrder(
            @ForAll @net.jqwik.api.constraints.Size(min = 1, max = 6) java.util.List<StepUpFactor> chosen) {
        String raw = String.join("##", chosen.stream().map(StepUpFactor::value).toList());
        boolean onlyFallback = chosen.stream().allMatch(StepUpFactor::isFallback);
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("factors", raw), SCOPES::contains).isEmpty()).isEqualTo(!onlyFallback);
        if (!onlyFallback) {
            assertThat(StepUpConfigRules.factors(raw)).isEqualTo(chosen.stream().distinct().toList());
        }
    }

    @Property
    void anyOtherValueIsRefusedNamingItself(@ForAll @net.jqwik.api.constraints.AlphaChars
                                            @net.jqwik.api.constraints.StringLength(min = 1, max = 12) String value) {
        net.jqwik.api.Assume.that(StepUpFactor.parse(value).isEmpty());
        assertThat(StepUpConfigRules.authenticatorProblems(Map.of("factors", "otp##" + value), SCOPES::contains))
                .singleElement().asString().startsWith("factors: \"" + value + "\" is not one of:");
    }
}

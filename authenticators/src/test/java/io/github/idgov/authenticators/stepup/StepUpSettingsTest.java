package io.github.idgov.authenticators.stepup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.StepUpFactor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepUpSettingsTest {

    @Test
    void absentSettingsOfferEveryFactorOtpFirstAndEnrol() {
        StepUpSettings settings = StepUpSettings.from(null);
        assertThat(settings.factors()).containsExactly(StepUpFactor.OTP, StepUpFactor.WEBAUTHN, StepUpFactor.PASSKEY,
                StepUpFactor.RECOVERY_CODES);
        assertThat(settings.denyWithoutFactor()).isFalse();
        assertThat(StepUpSettings.from(Map.of()).factors()).isEqualTo(settings.factors());
    }

    @Test
    void configuredFactorsKeepTheirOrderAndDenyIsRead() {
        StepUpSettings settings = StepUpSettings.from(Map.of("factors", "passkey##webauthn##recovery-codes", "no-factor", "deny"));
        assertThat(settings.factors()).containsExactly(StepUpFactor.PASSKEY, StepUpFactor.WEBAUTHN, StepUpFactor.RECOVERY_CODES);
        assertThat(settings.denyWithoutFactor()).isTrue();
    }

    @Test
    void aStoredValueThatGotPastTheCheckFallsBackToEveryFactorAndEnrolment() {
        StepUpSettings settings = StepUpSettings.from(Map.of("factors", "sms", "no-factor", "maybe"));
        assertThat(settings.factors()).hasSize(StepUpFactor.values().length);
        assertThat(settings.denyWithoutFactor()).isFalse();
    }
}

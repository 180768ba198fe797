package io.github.idgov.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void rfc9470ChallengeCarriesAcrValuesAndMaxAge() {
        assertThat(Challenge.insufficientUserAuthentication(StepUpPolicy.level(2, 300), "A different authentication level is required"))
                .isEqualTo("Bearer error=\"insufficient_user_authentication\", "
                        + "error_description=\"A different authentication level is required\", acr_values=\"2\", max_age=\"300\"");
        assertThat(Challenge.insufficientUserAuthentication(new StepUpPolicy("gold", null, Map.of("gold", 2)), null))
                .isEqualTo("Bearer error=\"insufficient_user_authentication\", acr_values=\"gold\"");
    }

    @Test
    void quotedStringsAreEscaped() {
        assertThat(Challenge.quoted("say \"hi\" \\ now\n")).isEqualTo("say \\\"hi\\\" \\\\ now");
    }
}

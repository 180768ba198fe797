package io.github.idgov.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmrReferencesTest {

    private static final int NOW = 1_000_000;

    private final Map<String, Map<String, String>> configs = new HashMap<>();

    private static Map<String, String> reference(String value, String maxAge) {
        Map<String, String> config = new HashMap<>();
        config.put(AmrReferences.VALUE, value);
        if (maxAge != null) {
            config.put(AmrReferences.MAX_AGE, maxAge);
        }
        return config;
    }

    private static Map<String, Integer> completed(Object... idsAndSeconds) {
        Map<String, Integer> steps = new LinkedHashMap<>();
        for (int i = 0; i < idsAndSeconds.length; i += 2) {
            steps.put((String) idsAndSeconds[i], (Integer) idsAndSeconds[i + 1]);
        }
        return steps;
    }

    @Test
    void eachFreshStepWithAReferenceGivesItsValueInTheOrderTheStepsCompleted() {
        configs.put("password", reference("pwd", "36000"));
        configs.put("otp", reference("otp", "300"));
        assertThat(AmrReferences.of(completed("otp", NOW - 10, "cookie", NOW - 20, "password", NOW - 30), configs::get, NOW))
                .containsExactly("otp", "pwd");
    }

    @Test
    void stepsWithoutAConfigOrWithoutAValueGiveNothing() {
        configs.put("labelled", reference("", "300"));
        configs.put("unset", reference(null, "300"));
        assertThat(AmrReferences.of(completed("no-config", NOW, "labelled", NOW, "unset", NOW, "deleted", NOW), configs::get, NOW))
                .isEmpty();
    }

    @Test
    void aStepOlderThanItsMaxAgeGivesNothingAndTheBoundaryStillCounts() {
        configs.put("otp", reference("otp", "300"));
        assertThat(AmrReferences.of(completed("otp", NOW - 301), configs::get, NOW)).isEmpty();
        assertThat(AmrReferences.of(completed("otp", NOW - 300), configs::get, NOW)).containsExactly("otp");
    }

    @Test
    void withoutAMaxAgeAStepCountsOnlyInTheSecondItCompleted() {
        configs.put("otp", reference("otp", null));
        assertThat(AmrReferences.of(completed("otp", NOW), configs::get, NOW)).containsExactly("otp");
        assertThat(AmrReferences.of(completed("otp", NOW - 1), configs::get, NOW)).isEmpty();
    }

    @Test
    void anUnreadableMaxAgeOrCompletionTimeGivesNothing() {
        configs.put("otp", reference("otp", "five minutes"));
        configs.put("hwk", reference("hwk", "300"));
        assertThat(AmrReferences.of(completed("otp", NOW, "hwk", null), configs::get, NOW)).isEmpty();
    }

    @Test
    void aMaxAgeAtTheTopOfTheIntRangeDoesNotWrapIntoThePast() {
        configs.put("pwd", reference("pwd", String.valueOf(Integer.MAX_VALUE)));
        assertThat(AmrReferences.of(completed("pwd", NOW), configs::get, NOW)).containsExactly("pwd");
    }
}

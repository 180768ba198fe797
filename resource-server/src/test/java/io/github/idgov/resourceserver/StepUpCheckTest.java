package io.github.idgov.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepUpCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final StepUpCheck check = new StepUpCheck(StepUpPolicy.level(2, 300));

    @Test
    void theRequiredLevelInsideTheWindowIsSatisfied() {
        assertThat(check.check(Map.of("acr", "2", "auth_time", NOW.getEpochSecond() - 300), NOW).satisfied()).isTrue();
        assertThat(check.check(Map.of("acr", "3", "auth_time", NOW.getEpochSecond()), NOW).satisfied()).isTrue();
    }

    @Test
    void aLowerMissingOrUnknownLevelIsInsufficient() {
        assertThat(check.check(Map.of("acr", "1", "auth_time", NOW.getEpochSecond()), NOW).description())
                .isEqualTo("authentication level \"1\" is below the required \"2\"");
        assertThat(check.check(Map.of("auth_time", NOW.getEpochSecond()), NOW).satisfied()).isFalse();
        assertThat(check.check(Map.of("acr", "gold", "auth_time", NOW.getEpochSecond()), NOW).satisfied()).isFalse();
        assertThat(check.check(Map.of("acr", 2, "auth_time", NOW.getEpochSecond()), NOW).satisfied())
                .as("acr is a string claim").isFalse();
    }

    @Test
    void anOldOrMissingAuthTimeIsInsufficientWhenAMaxAgeIsSet() {
        assertThat(check.check(Map.of("acr", "2", "auth_time", NOW.getEpochSecond() - 301), NOW).description())
                .isEqualTo("more recent authentication is required (at most 300 s ago)");
        assertThat(check.check(Map.of("acr", "2"), NOW).satisfied()).isFalse();
        assertThat(check.check(Map.of("acr", "2", "auth_time", "not a time"), NOW).satisfied()).isFalse();
        assertThat(new StepUpCheck(StepUpPolicy.level(2, null)).check(Map.of("acr", "2"), NOW).satisfied())
                .as("no max age, no auth_time needed").isTrue();
    }

    @Test
    void namedLevelsGoThroughTheMap() {
        StepUpPolicy gold = new StepUpPolicy("gold", 60, Map.of("silver", 1, "gold", 2));
        StepUpCheck named = new StepUpCheck(gold);
        assertThat(named.check(Map.of("acr", "gold", "auth_time", NOW.getEpochSecond()), NOW).satisfied()).isTrue();
        assertThat(named.check(Map.of("acr", "2", "auth_time", NOW.getEpochSecond()), NOW).satisfied()).isTrue();
        assertThat(named.check(Map.of("acr", "silver", "auth_time", NOW.getEpochSecond()), NOW).satisfied()).isFalse();
    }

    @Test
    void aPolicyThatCannotBeMetIsRefusedNamingTheField() {
        assertThatThrownBy(() -> StepUpPolicy.level(2, -1)).hasMessageStartingWith("maxAgeSeconds:");
        assertThatThrownBy(() -> new StepUpPolicy("platinum", 10, Map.of("gold", 2))).hasMessageStartingWith("acr:");
    }
}

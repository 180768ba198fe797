package io.github.idgov.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiryHorizonsTest {

    @Test
    void defaults() {
        ExpiryHorizons h = ExpiryHorizons.defaults();
        assertThat(h.daysFor(IdentityClass.SERVICE_ACCOUNT)).hasValue(365);
        assertThat(h.daysFor(IdentityClass.BOT)).hasValue(180);
        assertThat(h.daysFor(IdentityClass.AI_AGENT)).hasValue(90);
        assertThat(h.daysFor(IdentityClass.HUMAN)).isEmpty();
        assertThat(ExpiryHorizons.DEFAULT_SERVICE_ACCOUNT_DAYS).isEqualTo(365);
        assertThat(ExpiryHorizons.DEFAULT_BOT_DAYS).isEqualTo(180);
        assertThat(ExpiryHorizons.DEFAULT_AI_AGENT_DAYS).isEqualTo(90);
    }

    @Test
    void ofTakesServiceAccountThenBotThenAgent() {
        ExpiryHorizons h = ExpiryHorizons.of(11, 22, 33);
        assertThat(h.daysFor(IdentityClass.SERVICE_ACCOUNT)).isEqualTo(OptionalInt.of(11));
        assertThat(h.daysFor(IdentityClass.BOT)).isEqualTo(OptionalInt.of(22));
        assertThat(h.daysFor(IdentityClass.AI_AGENT)).isEqualTo(OptionalInt.of(33));
        assertThat(h.daysFor(IdentityClass.HUMAN)).isEmpty();
    }

    @Test
    void oneDayIsTheSmallestHorizon() {
        ExpiryHorizons h = ExpiryHorizons.of(1, 1, 1);
        assertThat(h.daysFor(IdentityClass.BOT)).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void rejectsLessThanOneDayInEveryPosition(int bad) {
        assertThatThrownBy(() -> ExpiryHorizons.of(bad, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service-account")
                .hasMessageContaining(String.valueOf(bad));
        assertThatThrownBy(() -> ExpiryHorizons.of(1, bad, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bot");
        assertThatThrownBy(() -> ExpiryHorizons.of(1, 1, bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ai-agent");
    }

    @Test
    void toStringShowsTheDays() {
        assertThat(ExpiryHorizons.of(11, 22, 33).toString()).contains("11", "22", "33");
    }
}

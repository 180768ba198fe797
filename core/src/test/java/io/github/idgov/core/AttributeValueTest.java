package io.github.idgov.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AttributeValueTest {

    @Test
    void wireSpellingsMatchTheDesign() {
        assertThat(values(IdentityClass.values())).containsExactly("human", "service-account", "bot", "ai-agent");
        assertThat(values(Environment.values())).containsExactly("prod", "staging", "dev");
        assertThat(values(RiskTier.values())).containsExactly("low", "medium", "high", "critical");
        assertThat(values(Autonomy.values())).containsExactly("observe", "recommend", "act");
        assertThat(values(GovernanceMode.values())).containsExactly("off", "monitor", "enforce");
    }

    private static List<String> values(AttributeValue[] values) {
        return Arrays.stream(values).map(AttributeValue::value).toList();
    }

    @Test
    void allowedListsValuesInDeclarationOrder() {
        assertThat(AttributeValue.allowed(IdentityClass.class)).isEqualTo("human, service-account, bot, ai-agent");
        assertThat(AttributeValue.allowed(Environment.class)).isEqualTo("prod, staging, dev");
        assertThat(AttributeValue.allowed(RiskTier.class)).isEqualTo("low, medium, high, critical");
        assertThat(AttributeValue.allowed(Autonomy.class)).isEqualTo("observe, recommend, act");
    }

    @ParameterizedTest
    @EnumSource(IdentityClass.class)
    void identityClassRoundTrips(IdentityClass c) {
        assertThat(AttributeValue.parse(IdentityClass.class, c.value())).contains(c);
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    void environmentRoundTrips(Environment e) {
        assertThat(AttributeValue.parse(Environment.class, e.value())).contains(e);
    }

    @ParameterizedTest
    @EnumSource(RiskTier.class)
    void riskTierRoundTrips(RiskTier t) {
        assertThat(AttributeValue.parse(RiskTier.class, t.value())).contains(t);
    }

    @ParameterizedTest
    @EnumSource(Autonomy.class)
    void autonomyRoundTrips(Autonomy a) {
        assertThat(AttributeValue.parse(Autonomy.class, a.value())).contains(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Human", " human", "human ", "HUMAN", "AI-AGENT", "AI_AGENT", "ai_agent", "service_account",
            "SERVICE_ACCOUNT", "", " ", "humanx"})
    void parseIsExactAndCaseSensitive(String raw) {
        assertThat(AttributeValue.parse(IdentityClass.class, raw)).isEmpty();
    }

    @Test
    void enumConstantNamesAreNotAccepted() {
        assertThat(AttributeValue.parse(RiskTier.class, "MEDIUM")).isEmpty();
        assertThat(AttributeValue.parse(Environment.class, "PROD")).isEmpty();
        assertThat(AttributeValue.parse(Autonomy.class, "ACT")).isEmpty();
    }

    @Test
    void nullParsesToEmpty() {
        assertThat(AttributeValue.parse(IdentityClass.class, null)).isEmpty();
    }

    @Test
    void defaults() {
        assertThat(RiskTier.DEFAULT).isEqualTo(RiskTier.MEDIUM);
        assertThat(Autonomy.DEFAULT).isEqualTo(Autonomy.OBSERVE);
    }

    @Test
    void onlyHumansAreNotMachines() {
        assertThat(IdentityClass.HUMAN.isMachine()).isFalse();
        assertThat(IdentityClass.SERVICE_ACCOUNT.isMachine()).isTrue();
        assertThat(IdentityClass.BOT.isMachine()).isTrue();
        assertThat(IdentityClass.AI_AGENT.isMachine()).isTrue();
    }

    @Test
    void principalStateIsAnEnabledHumanOnlyWhenBoth() {
        assertThat(new PrincipalDirectory.PrincipalState(true, IdentityClass.HUMAN).isEnabledHuman()).isTrue();
        assertThat(new PrincipalDirectory.PrincipalState(false, IdentityClass.HUMAN).isEnabledHuman()).isFalse();
        for (IdentityClass machine : List.of(IdentityClass.SERVICE_ACCOUNT, IdentityClass.BOT, IdentityClass.AI_AGENT)) {
            assertThat(new PrincipalDirectory.PrincipalState(true, machine).isEnabledHuman()).isFalse();
        }
        assertThat(new PrincipalDirectory.PrincipalState(true, null).isEnabledHuman()).isFalse();
    }
}

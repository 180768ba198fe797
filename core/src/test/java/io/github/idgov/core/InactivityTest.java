package io.github.idgov.core;

import static io.github.idgov.core.Fixtures.NOW;
import static io.github.idgov.core.Fixtures.complete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InactivityTest {

    private static final PrincipalRef BOT = new PrincipalRef("id-1", "svc-bot", "bot");
    private static final PrincipalRef PERSON = new PrincipalRef("id-2", "pat", null);

    private static GovernanceRecord record(PrincipalRef ref, IdentityClass identityClass) {
        return GovernanceRecords.from(ref, complete(identityClass).map());
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(days, ChronoUnit.DAYS);
    }

    @ParameterizedTest(name = "bot last used {0} days ago -> stale {1}")
    @CsvSource({"0, false", "89, false", "90, false", "91, true", "400, true"})
    void aMachineIsStaleOnceItsClassWindowHasPassed(int days, boolean stale) {
        Optional<LifecycleFinding> finding = Inactivity.defaults().stale(record(BOT, IdentityClass.BOT), daysAgo(days), daysAgo(500), NOW);
        assertThat(finding.isPresent()).isEqualTo(stale);
    }

    @Test
    void neverUsedCountsFromCreation() {
        Inactivity inactivity = Inactivity.defaults();
        assertThat(inactivity.stale(record(BOT, IdentityClass.BOT), null, daysAgo(10), NOW)).isEmpty();
        LifecycleFinding finding = inactivity.stale(record(BOT, IdentityClass.BOT), null, daysAgo(100), NOW).orElseThrow();
        assertThat(finding.kind()).isEqualTo(LifecycleFinding.Kind.STALE);
        assertThat(finding.policy()).isEqualTo("lifecycle-stale");
        assertThat(finding.describe()).isEqualTo("svc-bot: no login or token since creation on 2026-08-21, longer than the 90 days allowed for its class.");
    }

    @Test
    void peopleGetLongerThanMachinesAndAgentsTheLeast() {
        Inactivity inactivity = Inactivity.defaults();
        assertThat(inactivity.stale(record(PERSON, IdentityClass.HUMAN), daysAgo(120), daysAgo(500), NOW)).isEmpty();
        assertThat(inactivity.stale(record(BOT, IdentityClass.AI_AGENT), daysAgo(31), daysAgo(500), NOW)).isPresent();
        assertThat(inactivity.stale(record(PERSON, IdentityClass.HUMAN), daysAgo(181), daysAgo(500), NOW).orElseThrow().describe())
                .isEqualTo("pat: no login or token since 2026-06-01, longer than the 180 days allowed for its class.");
    }

    @Test
    void zeroDaysTurnsTheRuleOffAndUnknownAgeIsNeverStale() {
        Inactivity off = Inactivity.of(Map.of(IdentityClass.BOT, 0));
        assertThat(off.stale(record(BOT, IdentityClass.BOT), daysAgo(1000), daysAgo(1000), NOW)).isEmpty();
        assertThat(off.staleDays(IdentityClass.SERVICE_ACCOUNT)).as("other classes keep their default").isEqualTo(90);
        assertThat(Inactivity.defaults().stale(record(BOT, IdentityClass.BOT), null, null, NOW)).isEmpty();
    }

    @Test
    void aNegativeWindowIsRefusedNamingTheClass() {
        assertThatThrownBy(() -> Inactivity.of(Map.of(IdentityClass.AI_AGENT, -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ai-agent");
    }
}

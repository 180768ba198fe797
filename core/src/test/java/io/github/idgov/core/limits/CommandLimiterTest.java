package io.github.idgov.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.core.IdentityClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLimiterTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final Instant WINDOW_START = Instant.parse("2026-11-29T10:00:00Z");

    private final MovableClock clock = new MovableClock(WINDOW_START);
    private final InMemoryLimitCounter counter = new InMemoryLimitCounter(clock);

    private CommandLimiter limiter(CommandLimitSettings settings) {
        return new CommandLimiter(settings, counter, clock);
    }

    private static CommandLimitSettings botTokens(int limit) {
        return CommandLimitSettings.builder().limit(CommandKind.TOKEN, IdentityClass.BOT, limit).build();
    }

    @Nested
    class Limits {

        @Test
        void humansAreNeverLimitedWhateverTheirAttributeSays() {
            CommandLimiter limiter = limiter(CommandLimitSettings.defaults());
            for (CommandKind kind : CommandKind.values()) {
                assertThat(limiter.limitFor(kind, IdentityClass.HUMAN, null)).isEmpty();
                assertThat(limiter.limitFor(kind, IdentityClass.HUMAN, "1")).isEmpty();
                assertThat(limiter.count(kind, "r", "u", IdentityClass.HUMAN, "1")).isEmpty();
            }
            assertThat(counter.size()).as("nothing counted for a human").isZero();
        }

        @Test
        void classDefaults() {
            CommandLimiter limiter = limiter(CommandLimitSettings.defaults());
            assertThat(limiter.limitFor(CommandKind.TOKEN, IdentityClass.SERVICE_ACCOUNT, null)).hasValue(1200);
            assertThat(limiter.limitFor(CommandKind.TOKEN, IdentityClass.BOT, null)).hasValue(300);
            assertThat(limiter.limitFor(CommandKind.TOKEN, IdentityClass.AI_AGENT, null)).hasValue(300);
            assertThat(limiter.limitFor(CommandKind.DELEGATED_EXCHANGE, IdentityClass.AI_AGENT, null)).hasValue(3600);
        }

        @ParameterizedTest
        @EnumSource(value = IdentityClass.class, names = {"SERVICE_ACCOUNT", "BOT"})
        void delegatedExchangesAreCountedForAgentsOnly(IdentityClass identityClass) {
            assertThat(limiter(CommandLimitSettings.defaults()).limitFor(CommandKind.DELEGATED_EXCHANGE, identityClass, "5")).isEmpty();
        }

        @Test
        void overrideWinsOverTheClassDefaultBothWays() {
            CommandLimiter limiter = limiter(CommandLimitSettings.defaults());
            assertThat(limiter.limitFor(CommandKind.TOKEN, IdentityClass.BOT, "3")).hasValue(3);
            assertThat(limiter.limitFor(CommandKind.TOKEN, IdentityClass.BOT, "5000")).hasValue(5000);
        }

        @Test
        void zeroMeansNoLimitForTheClassOrTheIdentity() {
            CommandLimiter unlimitedBots = limiter(botTokens(0));
            assertThat(unlimitedBots.limitFor(CommandKind.TOKEN, IdentityClass.BOT, null)).isEmpty();
            assertThat(unlimitedBots.limitFor(CommandKind.TOKEN, IdentityClass.BOT, "7")).as("override re-limits").hasValue(7);
            assertThat(limiter(CommandLimitSettings.defaults()).limitFor(CommandKind.TOKEN, IdentityClass.BOT, "0")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "-1", "abc", "1.5", "05", "1000001"})
        void aMalformedOverrideFallsBackToTheClassDefaultNotToNoLimit(String raw) {
            assertThat(limiter(CommandLimitSettings.defaults()).limitFor(CommandKind.TOKEN, IdentityClass.BOT, raw)).hasValue(300);
        }
    }

    @Nested
    class Counting {

        @Test
        void allowsUpToTheLimitThenRefusesAndRecordsOnlyTheFirstExcess() {
            CommandLimiter limiter = limiter(botTokens(3));
            List<LimitOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                outcomes.add(limiter.count(CommandKind.TOKEN, "r", "bot-1", IdentityClass.BOT, null).orElseThrow());
            }
            assertThat(outcomes).extracting(LimitOutcome::count).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(outcomes).extracting(LimitOutcome::exceeded).containsExactly(false, false, false, true, true, true);
            assertThat(outcomes).extracting(LimitOutcome::firstExcess).containsExactly(false, false, false, true, false, false);
        }

        @Test
        void identitiesKindsAndRealmsCountSeparately() {
            CommandLimiter limiter = limiter(CommandLimitSettings.builder().limit(CommandKind.TOKEN, IdentityClass.AI_AGENT, 1)
                    .limit(CommandKind.DELEGATED_EXCHANGE, IdentityClass.AI_AGENT, 1).build());
            assertThat(limiter.count(CommandKind.TOKEN, "r", "a", IdentityClass.AI_AGENT, null).orElseThrow().exceeded()).isFalse();
            assertThat(limiter.count(CommandKind.TOKEN, "r", "b", IdentityClass.AI_AGENT, null).orElseThrow().exceeded()).isFalse();
            assertThat(limiter.count(CommandKind.TOKEN, "other", "a", IdentityClass.AI_AGENT, null).orElseThrow().exceeded()).isFalse();
            assertThat(limiter.count(CommandKind.DELEGATED_EXCHANGE, "r", "a", IdentityClass.AI_AGENT, null).orElseThrow().exceeded()).isFalse();
            assertThat(limiter.count(CommandKind.TOKEN, "r", "a", IdentityClass.AI_AGENT, null).orElseThrow().exceeded()).isTrue();
        }

        @Test
        void theNextWindowStartsFromZeroAndRetryAfterPointsAtIt() {
            CommandLimiter limiter = limiter(CommandLimitSettings.builder().limit(CommandKind.TOKEN, IdentityClass.BOT, 1)
                    .window(CommandKind.TOKEN, Duration.ofSeconds(10)).build());
            clock.advance(Duration.ofMillis(2_500));
            limiter.count(CommandKind.TOKEN, "r", "bot", IdentityClass.BOT, null);
            LimitOutcome refused = limiter.count(CommandKind.TOKEN, "r", "bot", IdentityClass.BOT, null).orElseThrow();
            assertThat(refused.exceeded()).isTrue();
            assertThat(refused.retryAfterSeconds()).as("7.5 s left, rounded up").isEqualTo(8);

            clock.advance(Duration.ofMillis(7_500)); // exactly the next window's start
            LimitOutcome next = limiter.count(CommandKind.TOKEN, "r", "bot", IdentityClass.BOT, null).orElseThrow();
            assertThat(next.count()).isEqualTo(1);
            assertThat(next.exceeded()).isFalse();
        }

        @Test
        void stateIsBoundedCountersExpireWithTheirWindow() {
            CommandLimiter limiter = limiter(CommandLimitSettings.builder().window(CommandKind.TOKEN, Duration.ofSeconds(10)).build());
            for (int identity = 0; identity < 100; identity++) {
                limiter.count(CommandKind.TOKEN, "r", "bot-" + identity, IdentityClass.BOT, null);
            }
            assertThat(counter.size()).isEqualTo(100);
            clock.advance(Duration.ofSeconds(10).plus(FixedWindow.EXPIRY_SLACK));
            counter.purgeExpired();
            assertThat(counter.size()).isZero();
        }

        @Test
        void concurrentRequestsAreEachCountedOnce() throws Exception {
            CommandLimiter limiter = limiter(botTokens(1_000));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Optional<LimitOutcome>>> results = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    results.add(pool.submit(() -> limiter.count(CommandKind.TOKEN, "r", "bot", IdentityClass.BOT, null)));
                }
                long allowed = 0;
                for (Future<Optional<LimitOutcome>> result : results) {
                    allowed += result.get().orElseThrow().exceeded() ? 0 : 1;
                }
                assertThat(allowed).isEqualTo(1_000);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void keyNamesRealmIdentityKindAndWindow() {
            FixedWindow window = FixedWindow.at(WINDOW_START, Duration.ofMinutes(1));
            assertThat(CommandLimiter.key(CommandKind.DELEGATED_EXCHANGE, "realm-id", "user-id", window))
                    .isEqualTo("idgov-limit:realm-id:user-id:delegated-exchanges:" + window.index());
        }
    }

    @Nested
    class Windows {

        @Test
        void alignedOnTheEpochSoEveryNodeAgrees() {
            FixedWindow a = FixedWindow.at(Instant.parse("2026-11-29T10:00:59.999Z"), Duration.ofMinutes(1));
            FixedWindow b = FixedWindow.at(Instant.parse("2026-11-29T10:00:00Z"), Duration.ofMinutes(1));
            FixedWindow c = FixedWindow.at(Instant.parse("2026-11-29T10:01:00Z"), Duration.ofMinutes(1));
            assertThat(a).isEqualTo(b);
            assertThat(c.index()).isEqualTo(a.index() + 1);
            assertThat(a.start()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
            assertThat(a.end()).isEqualTo(Instant.parse("2026-11-29T10:01:00Z"));
        }

        @Test
        void counterLivesToTheWindowEndPlusSlack() {
            Instant now = Instant.parse("2026-11-29T10:00:45Z");
            FixedWindow window = FixedWindow.at(now, Duration.ofMinutes(1));
            assertThat(window.counterLifespan(now)).isEqualTo(Duration.ofSeconds(15).plus(FixedWindow.EXPIRY_SLACK));
            assertThat(window.secondsLeft(now)).isEqualTo(15);
            assertThat(window.secondsLeft(window.end())).as("never 0").isEqualTo(1);
        }

        @Test
        void windowTextForDecisions() {
            assertThat(limiter(CommandLimitSettings.defaults()).windowText(CommandKind.TOKEN)).isEqualTo("minute");
            assertThat(limiter(CommandLimitSettings.defaults()).windowText(CommandKind.DELEGATED_EXCHANGE)).isEqualTo("hour");
            assertThat(limiter(CommandLimitSettings.builder().window(CommandKind.TOKEN, Duration.ofSeconds(5)).build())
                    .windowText(CommandKind.TOKEN)).isEqualTo("5s");
        }
    }

    @Nested
    class Settings {

        @Test
        void refusesALimitForAClassTheKindIsNotCountedFor() {
            assertThatThrownBy(() -> CommandLimitSettings.builder().limit(CommandKind.TOKEN, IdentityClass.HUMAN, 5))
                    .hasMessageContaining("human");
            assertThatThrownBy(() -> CommandLimitSettings.builder().limit(CommandKind.DELEGATED_EXCHANGE, IdentityClass.BOT, 5))
                    .hasMessageContaining("bot");
        }

        @Test
        void refusesNegativeLimitsAndSubSecondWindows() {
            assertThatThrownBy(() -> CommandLimitSettings.builder().limit(CommandKind.TOKEN, IdentityClass.BOT, -1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CommandLimitSettings.builder().window(CommandKind.TOKEN, Duration.ofMillis(999)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void optionNamesPerKindAndClass() {
            assertThat(CommandKind.TOKEN.limitOption(IdentityClass.AI_AGENT)).isEqualTo("tokens-per-minute-ai-agent");
            assertThat(CommandKind.DELEGATED_EXCHANGE.limitOption(IdentityClass.AI_AGENT)).isEqualTo("exchanges-per-hour-ai-agent");
        }
    }

    @Nested
    class Overrides {

        @Test
        void parse() {
            assertThat(LimitOverride.parse("0")).hasValue(0);
            assertThat(LimitOverride.parse("1000000")).hasValue(1_000_000);
            assertThat(LimitOverride.parse("1000001")).isEqualTo(OptionalInt.empty());
            assertThat(LimitOverride.parse(null)).isEmpty();
            assertThat(LimitOverride.parse("007")).isEmpty();
        }
    }
}

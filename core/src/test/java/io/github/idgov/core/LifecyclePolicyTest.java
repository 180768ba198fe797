package io.github.idgov.core;

import static io.github.idgov.core.Fixtures.DIRECTORY;
import static io.github.idgov.core.Fixtures.NOW;
import static io.github.idgov.core.Fixtures.TODAY;
import static io.github.idgov.core.Fixtures.complete;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecyclePolicyTest {

    private static final LifecyclePolicy POLICY = new LifecyclePolicy(LifecycleSettings.defaults());
    private static final PrincipalRef MACHINE = new PrincipalRef("id-1", "svc-1", "svc");
    private static final PrincipalRef PERSON = new PrincipalRef("id-2", "pat", null);

    private static GovernanceRecord record(PrincipalRef ref, Fixtures.Attrs attrs) {
        return GovernanceRecords.from(ref, attrs.map());
    }

    private static List<LifecycleFinding.Kind> kinds(GovernanceRecord record, LifecycleMarkers markers, Instant now) {
        return POLICY.evaluate(record, markers, now, DIRECTORY).stream().map(LifecycleFinding::kind).toList();
    }

    private static LifecycleMarkers createdDaysAgo(int days) {
        return new LifecycleMarkers(NOW.minus(days, ChronoUnit.DAYS), null);
    }

    @Nested
    class Expiry {

        @Test
        void aCompleteFreshMachineBreaksNothing() {
            assertThat(kinds(record(MACHINE, complete(IdentityClass.BOT)), createdDaysAgo(1), NOW)).isEmpty();
        }

        @ParameterizedTest(name = "expires {0} days from today -> expired {1}")
        @CsvSource({"-30, true", "-1, true", "0, true", "1, false", "90, false"})
        void expiredFromTheDayItNames(int offset, boolean expired) {
            var attrs = complete(IdentityClass.SERVICE_ACCOUNT).with(GovernanceAttribute.EXPIRES_AT, TODAY.plusDays(offset).toString());
            assertThat(kinds(record(MACHINE, attrs), createdDaysAgo(1), NOW).contains(LifecycleFinding.Kind.EXPIRED)).isEqualTo(expired);
        }

        @Test
        void humansExpireToo() {
            var attrs = complete(IdentityClass.HUMAN).with(GovernanceAttribute.EXPIRES_AT, TODAY.minusDays(1).toString());
            List<LifecycleFinding> findings = POLICY.evaluate(record(PERSON, attrs), createdDaysAgo(1), NOW, DIRECTORY);
            assertThat(findings).extracting(LifecycleFinding::kind).containsExactly(LifecycleFinding.Kind.EXPIRED);
            assertThat(findings.get(0).describe()).isEqualTo("pat: identity expired on 2026-11-28 (identity_expires_at).");
            assertThat(findings.get(0).policy()).isEqualTo("lifecycle-expiry");
        }

        @Test
        void aMalformedExpiryIsNotAnExpiry() {
            var attrs = complete(IdentityClass.BOT).with(GovernanceAttribute.EXPIRES_AT, "soon");
            assertThat(kinds(record(MACHINE, attrs), createdDaysAgo(1), NOW)).isEmpty();
        }
    }

    @Nested
    class OwnerAndSponsor {

        @ParameterizedTest(name = "owner {0} -> {1}")
        @CsvSource({"dora, disabled", "ghost, deleted", "robo, not a human", "zed, disabled"})
        void anOwnerWhoIsNotAnEnabledHumanOrphansTheMachine(String owner, String state) {
            var attrs = complete(IdentityClass.BOT).with(GovernanceAttribute.OWNER, owner);
            List<LifecycleFinding> findings = POLICY.evaluate(record(MACHINE, attrs), createdDaysAgo(1), NOW, DIRECTORY);
            assertThat(findings).extracting(LifecycleFinding::kind).containsExactly(LifecycleFinding.Kind.OWNER_GONE);
            assertThat(findings.get(0).describe()).isEqualTo("svc-1: owner " + owner + " is " + state + " (identity_owner).");
        }

        @Test
        void aGoneSponsorOrphansTheAgent() {
            var attrs = complete(IdentityClass.AI_AGENT).with(GovernanceAttribute.SPONSOR, "ghost");
            assertThat(kinds(record(MACHINE, attrs), createdDaysAgo(1), NOW)).containsExactly(LifecycleFinding.Kind.SPONSOR_GONE);
        }

        @Test
        void noOwnerIsOnboardingsConcernNotAnOrphan() {
            var attrs = complete(IdentityClass.BOT).without(GovernanceAttribute.OWNER);
            assertThat(kinds(record(MACHINE, attrs), createdDaysAgo(1), NOW)).isEmpty();
        }
    }

    @Nested
    class ReviewCadence {

        @ParameterizedTest(name = "{0}, never reviewed, created {1} days ago -> overdue {2}")
        @CsvSource({
            "human, 395, false", "human, 396, true",
            "service-account, 194, false", "service-account, 195, true",
            "bot, 195, true",
            "ai-agent, 97, false", "ai-agent, 98, true"})
        void defaultCadencePlusClassGrace(String identityClass, int createdDaysAgo, boolean overdue) {
            IdentityClass c = AttributeValue.parse(IdentityClass.class, identityClass).orElseThrow();
            var attrs = complete(c).with(GovernanceAttribute.EXPIRES_AT, TODAY.plusDays(30).toString());
            assertThat(kinds(record(c == IdentityClass.HUMAN ? PERSON : MACHINE, attrs), createdDaysAgo(createdDaysAgo), NOW)
                    .contains(LifecycleFinding.Kind.REVIEW_OVERDUE)).isEqualTo(overdue);
        }

        @ParameterizedTest(name = "tier {0}: 31 days after a review with cadence 30 -> overdue {1}")
        @CsvSource({"low, false", "medium, false", "high, false", "critical, true"})
        void theShorterOfClassAndTierGraceApplies(String tier, boolean overdue) {
            var attrs = complete(IdentityClass.HUMAN).with(GovernanceAttribute.RISK_TIER, tier)
                    .with(GovernanceAttribute.REVIEW_CADENCE_DAYS, "30")
                    .with(GovernanceAttribute.LAST_REVIEWED_AT, NOW.minus(31, ChronoUnit.DAYS).toString());
            assertThat(kinds(record(PERSON, attrs), createdDaysAgo(1000), NOW).contains(LifecycleFinding.Kind.REVIEW_OVERDUE))
                    .isEqualTo(overdue);
        }

        @Test
        void aReviewRestartsTheCadence() {
            var attrs = complete(IdentityClass.AI_AGENT).with(GovernanceAttribute.LAST_REVIEWED_AT, NOW.minus(10, ChronoUnit.DAYS).toString());
            assertThat(kinds(record(MACHINE, attrs), createdDaysAgo(1000), NOW)).isEmpty();
        }

        @Test
        void unknownStartMeansNoFinding() {
            assertThat(kinds(record(PERSON, complete(IdentityClass.HUMAN)), new LifecycleMarkers(null, null), NOW)).isEmpty();
        }

        @Property
        void overdueExactlyWhenPastDuePlusGrace(@ForAll @IntRange(min = 1, max = 400) int cadence,
                                               @ForAll @IntRange(min = 0, max = 900) int daysSinceReview) {
            var attrs = complete(IdentityClass.SERVICE_ACCOUNT).with(GovernanceAttribute.REVIEW_CADENCE_DAYS, String.valueOf(cadence))
                    .with(GovernanceAttribute.LAST_REVIEWED_AT, NOW.minus(daysSinceReview, ChronoUnit.DAYS).toString());
            boolean overdue = kinds(record(MACHINE, attrs), createdDaysAgo(1000), NOW).contains(LifecycleFinding.Kind.REVIEW_OVERDUE);
            int grace = LifecycleSettings.defaults().graceDays(IdentityClass.SERVICE_ACCOUNT, RiskTier.MEDIUM);
            assertThat(overdue).isEqualTo(daysSinceReview > cadence + grace);
        }
    }

    @Nested
    class ReviewRequired {

        @Test
        void reclassifiedAfterTheLastReviewNeedsAReview() {
            Instant reclassified = NOW.minus(1, ChronoUnit.HOURS);
            var attrs = complete(IdentityClass.AI_AGENT).with(GovernanceAttribute.LAST_REVIEWED_AT, NOW.minus(2, ChronoUnit.DAYS).toString());
            List<LifecycleFinding> findings = POLICY.evaluate(record(MACHINE, attrs), new LifecycleMarkers(NOW.minus(5, ChronoUnit.DAYS),
                    reclassified), NOW, DIRECTORY);
            assertThat(findings).extracting(LifecycleFinding::kind).containsExactly(LifecycleFinding.Kind.REVIEW_REQUIRED);
            assertThat(findings.get(0).describe()).contains("reclassified at " + reclassified);
        }

        @Test
        void aReviewAtOrAfterTheReclassificationClearsIt() {
            Instant reclassified = NOW.minus(1, ChronoUnit.HOURS);
            for (Instant review : List.of(reclassified, NOW)) {
                var attrs = complete(IdentityClass.AI_AGENT).with(GovernanceAttribute.LAST_REVIEWED_AT, review.toString());
                assertThat(kinds(record(MACHINE, attrs), new LifecycleMarkers(NOW.minus(5, ChronoUnit.DAYS), reclassified), NOW)).isEmpty();
            }
        }

        @Test
        void neverReviewedAndReclassifiedNeedsAReview() {
            assertThat(kinds(record(MACHINE, complete(IdentityClass.BOT)), new LifecycleMarkers(NOW, NOW), NOW))
                    .containsExactly(LifecycleFinding.Kind.REVIEW_REQUIRED);
        }

        @Test
        void markersAreReadFromTheAttributes() {
            var attrs = Fixtures.attrs().with(GovernanceAttribute.RECLASSIFIED_AT, "2026-11-01T00:00:00Z");
            assertThat(LifecycleMarkers.from(attrs.map(), 0L))
                    .isEqualTo(new LifecycleMarkers(Instant.EPOCH, Instant.parse("2026-11-01T00:00:00Z")));
            assertThat(LifecycleMarkers.from(Fixtures.attrs().with(GovernanceAttribute.RECLASSIFIED_AT, "yesterday").map(), null))
                    .isEqualTo(new LifecycleMarkers(null, null));
        }
    }

    @Nested
    class Settings {

        @Test
        void defaultsAreTheDocumentedOnes() {
            LifecycleSettings s = LifecycleSettings.defaults();
            assertThat(s.cadenceDays(IdentityClass.HUMAN)).isEqualTo(365);
            assertThat(s.cadenceDays(IdentityClass.SERVICE_ACCOUNT)).isEqualTo(180);
            assertThat(s.cadenceDays(IdentityClass.BOT)).isEqualTo(180);
            assertThat(s.cadenceDays(IdentityClass.AI_AGENT)).isEqualTo(90);
            assertThat(s.graceDays(IdentityClass.HUMAN, RiskTier.CRITICAL)).isZero();
            assertThat(s.graceDays(IdentityClass.AI_AGENT, RiskTier.LOW)).isEqualTo(7);
        }

        @Test
        void negativeGraceAndOutOfRangeCadenceAreRefused() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LifecycleSettings.builder().graceDays(RiskTier.HIGH, -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("high");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LifecycleSettings.builder().cadenceDays(IdentityClass.BOT, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bot");
        }
    }
}

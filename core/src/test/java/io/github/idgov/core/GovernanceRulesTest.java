package io.github.idgov.core;

import static io.github.idgov.core.Fixtures.ALL_CLASSES;
import static io.github.idgov.core.Fixtures.CLOCK;
import static io.github.idgov.core.Fixtures.DIRECTORY;
import static io.github.idgov.core.Fixtures.TODAY;
import static io.github.idgov.core.Fixtures.attrs;
import static io.github.idgov.core.Fixtures.complete;
import static io.github.idgov.core.Fixtures.rules;
import static io.github.idgov.core.GovernanceAttribute.AUTONOMY;
import static io.github.idgov.core.GovernanceAttribute.CLASS;
import static io.github.idgov.core.GovernanceAttribute.ENVIRONMENT;
import static io.github.idgov.core.GovernanceAttribute.EXPIRES_AT;
import static io.github.idgov.core.GovernanceAttribute.LAST_REVIEWED_AT;
import static io.github.idgov.core.GovernanceAttribute.LAST_REVIEWED_BY;
import static io.github.idgov.core.GovernanceAttribute.OWNER;
import static io.github.idgov.core.GovernanceAttribute.PURPOSE;
import static io.github.idgov.core.GovernanceAttribute.REVIEW_CADENCE_DAYS;
import static io.github.idgov.core.GovernanceAttribute.RISK_TIER;
import static io.github.idgov.core.GovernanceAttribute.SPONSOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.Violation.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GovernanceRulesTest {

    private final GovernanceRules rules = rules();

    private static final IdentityClass[] MACHINES = {IdentityClass.SERVICE_ACCOUNT, IdentityClass.BOT, IdentityClass.AI_AGENT};

    private List<Violation> validate(Fixtures.Attrs a) {
        return rules.validate(a.map(), false, DIRECTORY);
    }

    private List<Violation> field(GovernanceAttribute field, Fixtures.Attrs a) {
        return rules.validateField(field, a.map(), false, DIRECTORY);
    }

    private static Violation malformed(GovernanceAttribute field, String key, String... params) {
        return new Violation(field, Kind.MALFORMED, key, List.of(params));
    }

    private static Violation policy(GovernanceAttribute field, String key, String... params) {
        return new Violation(field, Kind.POLICY, key, List.of(params));
    }

    @Nested
    class CompleteRecords {

        @ParameterizedTest
        @EnumSource(IdentityClass.class)
        void minimalCompleteRecordOfEveryClassHasNoViolations(IdentityClass identityClass) {
            assertThat(validate(complete(identityClass))).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(value = IdentityClass.class, names = {"SERVICE_ACCOUNT", "BOT", "AI_AGENT"})
        void machineClassesAreAlsoFineOnServiceAccountUsers(IdentityClass identityClass) {
            assertThat(rules.validate(complete(identityClass).map(), true, DIRECTORY)).isEmpty();
        }

        @Test
        void fullyPopulatedAiAgentHasNoViolations() {
            var a = complete(IdentityClass.AI_AGENT)
                    .with(ENVIRONMENT, "prod")
                    .with(RISK_TIER, "critical")
                    .with(AUTONOMY, "act")
                    .with(REVIEW_CADENCE_DAYS, "30")
                    .with(LAST_REVIEWED_AT, "2026-11-01T08:00:00Z")
                    .with(LAST_REVIEWED_BY, "alice");
            assertThat(validate(a)).isEmpty();
        }

        @Test
        void emptyAttributesOnARegularUserAreADerivedHumanWithNothingRequired() {
            assertThat(rules.validate(Map.of(), false, DIRECTORY)).isEmpty();
        }

        @Test
        void humanNeedsNoOwnerSponsorPurposeOrExpiry() {
            var a = attrs().with(CLASS, "human");
            assertThat(validate(a)).isEmpty();
            assertThat(field(OWNER, a)).isEmpty();
            assertThat(field(SPONSOR, a)).isEmpty();
            assertThat(field(PURPOSE, a)).isEmpty();
            assertThat(field(EXPIRES_AT, a)).isEmpty();
        }
    }

    @Nested
    class IdentityClassRule {

        @ParameterizedTest
        @ValueSource(strings = {"Human", " human", "human ", "HUMAN", "AI-AGENT", "ai_agent", "Bot", "service account",
                "serviceaccount", "hybrid", "machine", "humans", "h"})
        void valuesThatAreNotExactlyAClassAreMalformedWithTheAllowedList(String raw) {
            var a = attrs().with(CLASS, raw);
            assertThat(field(CLASS, a)).containsExactly(malformed(CLASS, "idgov-invalid-option", raw, ALL_CLASSES));
            assertThat(rules.validateField(CLASS, a.map(), true, DIRECTORY))
                    .containsExactly(malformed(CLASS, "idgov-invalid-option", raw, ALL_CLASSES));
        }

        @Test
        void malformedClassIsTheOnlyViolationReported() {
            // the class is unknown, so no class policy applies; the class rule alone reports the problem
            var a = attrs().with(CLASS, "AI-AGENT");
            assertThat(validate(a)).containsExactly(malformed(CLASS, "idgov-invalid-option", "AI-AGENT", ALL_CLASSES));
            assertThat(rules.validate(a.map(), true, DIRECTORY))
                    .containsExactly(malformed(CLASS, "idgov-invalid-option", "AI-AGENT", ALL_CLASSES));
        }

        @ParameterizedTest
        @EnumSource(IdentityClass.class)
        void everyExactClassValueIsAccepted(IdentityClass identityClass) {
            assertThat(field(CLASS, attrs().with(CLASS, identityClass.value()))).isEmpty();
        }

        @Test
        void absentClassIsNotAViolation() {
            assertThat(field(CLASS, attrs())).isEmpty();
            assertThat(rules.validateField(CLASS, Map.of(), true, DIRECTORY)).isEmpty();
        }

        @Test
        void serviceAccountUserClassifiedHumanIsAPolicyViolation() {
            var a = attrs().with(CLASS, "human");
            assertThat(rules.validateField(CLASS, a.map(), true, DIRECTORY))
                    .containsExactly(policy(CLASS, "idgov-service-account-not-human"));
            assertThat(rules.validate(a.map(), true, DIRECTORY))
                    .containsExactly(policy(CLASS, "idgov-service-account-not-human"));
        }

        @ParameterizedTest
        @EnumSource(value = IdentityClass.class, names = {"SERVICE_ACCOUNT", "BOT", "AI_AGENT"})
        void serviceAccountUserMayCarryAnyMachineClass(IdentityClass identityClass) {
            assertThat(rules.validateField(CLASS, attrs().with(CLASS, identityClass.value()).map(), true, DIRECTORY)).isEmpty();
        }

        @Test
        void serviceAccountUserWithoutClassIsDerivedServiceAccountAndNeedsOwnerPurposeExpiry() {
            assertThat(rules.validate(Map.of(), true, DIRECTORY)).containsExactly(
                    policy(OWNER, "idgov-owner-required"),
                    policy(PURPOSE, "idgov-purpose-required"),
                    policy(EXPIRES_AT, "idgov-expiry-required"));
        }

        @Test
        void derivedServiceAccountWithOwnerPurposeExpiryIsFine() {
            var a = complete(IdentityClass.SERVICE_ACCOUNT).without(CLASS);
            assertThat(rules.validate(a.map(), true, DIRECTORY)).isEmpty();
            // the same attributes on a regular user are a derived human: still fine (owner etc. are optional then)
            assertThat(rules.validate(a.map(), false, DIRECTORY)).isEmpty();
        }

        @Test
        void derivedClassHelper() {
            assertThat(GovernanceRules.derivedClass(true)).isEqualTo(IdentityClass.SERVICE_ACCOUNT);
            assertThat(GovernanceRules.derivedClass(false)).isEqualTo(IdentityClass.HUMAN);
        }

        @Test
        void effectiveClassIsStoredThenDerivedAndEmptyWhenMalformed() {
            assertThat(GovernanceRules.effectiveClass(new AttributeReader(attrs().with(CLASS, "bot").map()), true))
                    .contains(IdentityClass.BOT);
            assertThat(GovernanceRules.effectiveClass(new AttributeReader(Map.of()), true))
                    .contains(IdentityClass.SERVICE_ACCOUNT);
            assertThat(GovernanceRules.effectiveClass(new AttributeReader(Map.of()), false))
                    .contains(IdentityClass.HUMAN);
            assertThat(GovernanceRules.effectiveClass(new AttributeReader(attrs().with(CLASS, "Bot").map()), false))
                    .isEmpty();
        }
    }

    static Stream<Arguments> enumFieldsWithBadValuesForEveryClass() {
        List<Arguments> all = new ArrayList<>();
        Object[][] fields = {
                {ENVIRONMENT, "prod, staging, dev", new String[]{"Prod", "production", " dev", "STAGING", "test"}},
                {RISK_TIER, "low, medium, high, critical", new String[]{"Medium", "HIGH", "med", "critical!", "severe"}},
                {AUTONOMY, "observe, recommend, act", new String[]{"Act", "acts", "observe ", "full", "OBSERVE"}},
        };
        for (IdentityClass identityClass : IdentityClass.values()) {
            for (Object[] f : fields) {
                for (String bad : (String[]) f[2]) {
                    all.add(Arguments.of(identityClass, f[0], bad, f[1]));
                }
            }
        }
        return all.stream();
    }

    static Stream<Arguments> enumFieldsWithGoodValuesForEveryClass() {
        List<Arguments> all = new ArrayList<>();
        for (IdentityClass identityClass : IdentityClass.values()) {
            Arrays.stream(Environment.values()).forEach(v -> all.add(Arguments.of(identityClass, ENVIRONMENT, v.value())));
            Arrays.stream(RiskTier.values()).forEach(v -> all.add(Arguments.of(identityClass, RISK_TIER, v.value())));
            Arrays.stream(Autonomy.values()).forEach(v -> all.add(Arguments.of(identityClass, AUTONOMY, v.value())));
        }
        return all.stream();
    }

    @Nested
    class EnumeratedFields {

        @ParameterizedTest(name = "{0} {1}={2}")
        @MethodSource("io.github.idgov.core.GovernanceRulesTest#enumFieldsWithBadValuesForEveryClass")
        void unknownValuesAreMalformedForEveryClass(IdentityClass identityClass, GovernanceAttribute attribute,
                                                    String bad, String allowed) {
            var a = complete(identityClass).with(attribute, bad);
            Violation expected = malformed(attribute, "idgov-invalid-option", bad, allowed);
            assertThat(field(attribute, a)).containsExactly(expected);
            assertThat(validate(a)).containsExactly(expected);
        }

        @ParameterizedTest(name = "{0} {1}={2}")
        @MethodSource("io.github.idgov.core.GovernanceRulesTest#enumFieldsWithGoodValuesForEveryClass")
        void everyExactValueIsAcceptedForEveryClass(IdentityClass identityClass, GovernanceAttribute attribute, String good) {
            assertThat(validate(complete(identityClass).with(attribute, good))).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(value = GovernanceAttribute.class, names = {"ENVIRONMENT", "RISK_TIER", "AUTONOMY"})
        void optionalEnumeratedFieldsMayBeAbsentForEveryClass(GovernanceAttribute attribute) {
            for (IdentityClass identityClass : IdentityClass.values()) {
                assertThat(field(attribute, complete(identityClass))).as("%s for %s", attribute, identityClass).isEmpty();
            }
        }
    }

    @Nested
    class OwnerAndSponsor {

        @ParameterizedTest
        @EnumSource(IdentityClass.class)
        void unknownOwnerIsMalformedForEveryClass(IdentityClass identityClass) {
            var a = complete(identityClass).with(OWNER, "ghost");
            assertThat(field(OWNER, a)).containsExactly(malformed(OWNER, "idgov-person-not-found", "ghost"));
            assertThat(validate(a)).containsExactly(malformed(OWNER, "idgov-person-not-found", "ghost"));
        }

        @ParameterizedTest
        @EnumSource(IdentityClass.class)
        void unknownSponsorIsMalformedForEveryClass(IdentityClass identityClass) {
            var a = complete(identityClass).with(SPONSOR, "ghost");
            assertThat(field(SPONSOR, a)).containsExactly(malformed(SPONSOR, "idgov-person-not-found", "ghost"));
            assertThat(validate(a)).containsExactly(malformed(SPONSOR, "idgov-person-not-found", "ghost"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"dora", "robo", "zed"})
        void disabledOrNonHumanOwnerIsMalformed(String username) {
            for (IdentityClass identityClass : IdentityClass.values()) {
                var a = complete(identityClass).with(OWNER, username);
                assertThat(field(OWNER, a)).as("%s", identityClass)
                        .containsExactly(malformed(OWNER, "idgov-person-not-enabled-human", username));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dora", "robo", "zed"})
        void disabledOrNonHumanSponsorIsMalformed(String username) {
            for (IdentityClass identityClass : IdentityClass.values()) {
                var a = complete(identityClass).with(SPONSOR, username);
                assertThat(field(SPONSOR, a)).as("%s", identityClass)
                        .containsExactly(malformed(SPONSOR, "idgov-person-not-enabled-human", username));
            }
        }

        @Test
        void usernamesAreLookedUpVerbatim() {
            // the directory is asked for exactly what is stored; "Alice" is not "alice" here
            var a = complete(IdentityClass.BOT).with(OWNER, "Alice");
            assertThat(field(OWNER, a)).containsExactly(malformed(OWNER, "idgov-person-not-found", "Alice"));
        }

        @Test
        void directoryIsNotConsultedWhenNoOwnerIsGiven() {
            PrincipalDirectory failing = username -> {
                throw new AssertionError("directory consulted for " + username);
            };
            assertThat(rules.validate(complete(IdentityClass.HUMAN).map(), false, failing)).isEmpty();
        }

        @Test
        void aiAgentWithoutSponsorIsAPolicyViolationOnSponsor() {
            var a = complete(IdentityClass.AI_AGENT).without(SPONSOR);
            assertThat(field(SPONSOR, a)).containsExactly(policy(SPONSOR, "idgov-sponsor-required"));
            assertThat(validate(a)).containsExactly(policy(SPONSOR, "idgov-sponsor-required"));
        }

        @ParameterizedTest
        @EnumSource(value = IdentityClass.class, names = {"HUMAN", "SERVICE_ACCOUNT", "BOT"})
        void onlyAiAgentsNeedASponsor(IdentityClass identityClass) {
            assertThat(field(SPONSOR, complete(identityClass).without(SPONSOR))).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(value = IdentityClass.class, names = {"SERVICE_ACCOUNT", "BOT", "AI_AGENT"})
        void everyMachineNeedsAnOwner(IdentityClass identityClass) {
            var a = complete(identityClass).without(OWNER);
            assertThat(field(OWNER, a)).containsExactly(policy(OWNER, "idgov-owner-required"));
            assertThat(validate(a)).containsExactly(policy(OWNER, "idgov-owner-required"));
        }

        @Test
        void ownerAndSponsorMayBeTheSameEnabledHuman() {
            var a = complete(IdentityClass.AI_AGENT).with(OWNER, "alice").with(SPONSOR, "alice");
            assertThat(validate(a)).isEmpty();
        }
    }

    @Nested
    class Purpose {

        @ParameterizedTest
        @EnumSource(value = IdentityClass.class, names = {"SERVICE_ACCOUNT", "BOT", "AI_AGENT"})
        void everyMachineNeedsAPurpose(IdentityClass identityClass) {
            var a = complete(identityClass).without(PURPOSE);
            assertThat(validate(a)).containsExactly(policy(PURPOSE, "idgov-purpose-required"));
        }

        @Test
        void purposeOfExactlyTheMaximumLengthIsAccepted() {
            var a = complete(IdentityClass.BOT).with(PURPOSE, "p".repeat(Formats.MAX_PURPOSE_LENGTH));
            assertThat(validate(a)).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(IdentityClass.class)
        void purposeOneCharacterTooLongIsMalformed(IdentityClass identityClass) {
            var a = complete(identityClass).with(PURPOSE, "p".repeat(Formats.MAX_PURPOSE_LENGTH + 1));
            assertThat(validate(a)).containsExactly(malformed(PURPOSE, "idgov-too-long", "1024"));
        }
    }

    static Stream<Arguments> malformedDatesForEveryClass() {
        String[] bad = {"2027-13-01", "2027-02-30", "2027-02-29", "27-01-01", "2027-01-01T00:00:00Z", "2027-01-01T00:00",
                "2027/01/01", "01-01-2027", "2027-1-1", "2027-01-1", "20270101", "2027-W01-1", "2027-001", "tomorrow",
                "2027-00-10", "2027-04-31", "2027-01-01Z", " 2027-01-01"};
        return Arrays.stream(IdentityClass.values()).flatMap(c -> Arrays.stream(bad).map(b -> Arguments.of(c, b)));
    }

    static Stream<Arguments> horizons() {
        return Stream.of(
                Arguments.of(IdentityClass.AI_AGENT, 90),
                Arguments.of(IdentityClass.BOT, 180),
                Arguments.of(IdentityClass.SERVICE_ACCOUNT, 365));
    }

    @Nested
    class Expiry {

        @ParameterizedTest
        @EnumSource(value = IdentityClass.class, names = {"SERVICE_ACCOUNT", "BOT", "AI_AGENT"})
        void everyMachineNeedsAnExpiry(IdentityClass identityClass) {
            var a = complete(identityClass).without(EXPIRES_AT);
            assertThat(validate(a)).containsExactly(policy(EXPIRES_AT, "idgov-expiry-required"));
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("io.github.idgov.core.GovernanceRulesTest#malformedDatesForEveryClass")
        void malformedDatesAreMalformed(IdentityClass identityClass, String raw) {
            var a = complete(identityClass).with(EXPIRES_AT, raw);
            assertThat(field(EXPIRES_AT, a)).containsExactly(malformed(EXPIRES_AT, "idgov-invalid-date", raw));
            assertThat(validate(a)).containsExactly(malformed(EXPIRES_AT, "idgov-invalid-date", raw));
        }

        @Test
        void leapDayIsAValidDate() {
            assertThat(validate(complete(IdentityClass.HUMAN).with(EXPIRES_AT, "2028-02-29"))).isEmpty();
        }

        @ParameterizedTest(name = "{0} horizon {1} days")
        @MethodSource("io.github.idgov.core.GovernanceRulesTest#horizons")
        void defaultHorizonAllowsTheHorizonDayAndRefusesTheNext(IdentityClass identityClass, int days) {
            LocalDate latest = TODAY.plusDays(days);
            assertThat(validate(complete(identityClass).with(EXPIRES_AT, latest.toString()))).isEmpty();

            String tooFar = latest.plusDays(1).toString();
            assertThat(validate(complete(identityClass).with(EXPIRES_AT, tooFar))).containsExactly(
                    policy(EXPIRES_AT, "idgov-expiry-beyond-horizon", tooFar, String.valueOf(days), latest.toString()));
        }

        @Test
        void horizonDatesAreTheExpectedCalendarDays() {
            // 2026-11-29 + 90/180/365 days, spelled out to catch an off-by-one in the fixture arithmetic too
            var agent = complete(IdentityClass.AI_AGENT).with(EXPIRES_AT, "2027-02-27");
            assertThat(validate(agent)).isEmpty();
            agent.with(EXPIRES_AT, "2027-02-28");
            assertThat(validate(agent)).containsExactly(
                    policy(EXPIRES_AT, "idgov-expiry-beyond-horizon", "2027-02-28", "90", "2027-02-27"));
            var bot = complete(IdentityClass.BOT).with(EXPIRES_AT, "2027-05-28");
            assertThat(validate(bot)).isEmpty();
            bot.with(EXPIRES_AT, "2027-05-29");
            assertThat(validate(bot)).containsExactly(
                    policy(EXPIRES_AT, "idgov-expiry-beyond-horizon", "2027-05-29", "180", "2027-05-28"));
            var sa = complete(IdentityClass.SERVICE_ACCOUNT).with(EXPIRES_AT, "2027-11-29");
            assertThat(validate(sa)).isEmpty();
            sa.with(EXPIRES_AT, "2027-11-30");
            assertThat(validate(sa)).containsExactly(
                    policy(EXPIRES_AT, "idgov-expiry-beyond-horizon", "2027-11-30", "365", "2027-11-29"));
        }

        @Test
        void derivedServiceAccountUsesTheServiceAccountHorizon() {
            var a = complete(IdentityClass.SERVICE_ACCOUNT).without(CLASS);
            a.with(EXPIRES_AT, TODAY.plusDays(365).toString());
            assertThat(rules.validate(a.map(), true, DIRECTORY)).isEmpty();
            a.with(EXPIRES_AT, TODAY.plusDays(366).toString());
            assertThat(rules.validate(a.map(), true, DIRECTORY)).containsExactly(policy(EXPIRES_AT,
                    "idgov-expiry-beyond-horizon", TODAY.plusDays(366).toString(), "365", TODAY.plusDays(365).toString()));
        }

        @Test
        void customHorizonsApplyPerClass() {
            var custom = new GovernanceRules(ExpiryHorizons.of(10, 20, 30), CLOCK);
            Object[][] cases = {{IdentityClass.SERVICE_ACCOUNT, 10}, {IdentityClass.BOT, 20}, {IdentityClass.AI_AGENT, 30}};
            for (Object[] c : cases) {
                IdentityClass identityClass = (IdentityClass) c[0];
                int days = (int) c[1];
                var ok = complete(identityClass).with(EXPIRES_AT, TODAY.plusDays(days).toString());
                assertThat(custom.validate(ok.map(), false, DIRECTORY)).as("%s", identityClass).isEmpty();
                String tooFar = TODAY.plusDays(days + 1).toString();
                var refused = complete(identityClass).with(EXPIRES_AT, tooFar);
                assertThat(custom.validate(refused.map(), false, DIRECTORY)).as("%s", identityClass).containsExactly(
                        policy(EXPIRES_AT, "idgov-expiry-beyond-horizon", tooFar, String.valueOf(days),
                                TODAY.plusDays(days).toString()));
            }
        }

        @Test
        void oneDayHorizonAllowsTomorrowOnly() {
            var custom = new GovernanceRules(ExpiryHorizons.of(1, 1, 1), CLOCK);
            assertThat(custom.validate(complete(IdentityClass.BOT).with(EXPIRES_AT, "2026-11-30").map(), false, DIRECTORY))
                    .isEmpty();
            assertThat(custom.validate(complete(IdentityClass.BOT).with(EXPIRES_AT, "2026-12-01").map(), false, DIRECTORY))
                    .extracting(Violation::messageKey).containsExactly("idgov-expiry-beyond-horizon");
        }

        @Test
        void humansHaveNoHorizon() {
            assertThat(validate(complete(IdentityClass.HUMAN).with(EXPIRES_AT, "2999-12-31"))).isEmpty();
        }

        @Test
        void malformedClassMeansNoHorizonIsApplied() {
            var a = attrs().with(CLASS, "Bot").with(EXPIRES_AT, "2999-12-31");
            assertThat(field(EXPIRES_AT, a)).isEmpty();
        }

        @Test
        void horizonIsCountedFromTheClocksLocalDate() {
            // 23:30 UTC on 2026-11-29 is already 2026-11-30 at +02:00
            Clock eastern = Clock.fixed(Instant.parse("2026-11-29T23:30:00Z"), ZoneOffset.ofHours(2));
            var r = new GovernanceRules(ExpiryHorizons.defaults(), eastern);
            var a = complete(IdentityClass.AI_AGENT).with(EXPIRES_AT, "2027-02-28"); // 2026-11-30 + 90
            assertThat(r.validate(a.map(), false, DIRECTORY)).isEmpty();
            assertThat(rules.validate(a.map(), false, DIRECTORY)).hasSize(1);
        }

        @Test
        void expiryIsValidatedAgainstTheClockNotTheWallClock() {
            Clock later = Clock.offset(CLOCK, java.time.Duration.ofDays(100));
            var r = new GovernanceRules(ExpiryHorizons.defaults(), later);
            var a = complete(IdentityClass.AI_AGENT).with(EXPIRES_AT, TODAY.plusDays(150).toString());
            assertThat(r.validate(a.map(), false, DIRECTORY)).isEmpty();
            assertThat(validate(a)).hasSize(1);
        }
    }

    @Nested
    class CommandLimitOverrides {

        @ParameterizedTest
        @ValueSource(strings = {"-1", "1.5", "abc", "1000001", "2147483648", "+5", " 5", "5 ", "05", "0x10", "1e3",
                "\u0665", "ten"})
        void malformedOverride(String raw) {
            for (GovernanceAttribute field : List.of(GovernanceAttribute.RATE_LIMIT_TOKENS_PER_MINUTE,
                    GovernanceAttribute.RATE_LIMIT_EXCHANGES_PER_HOUR)) {
                for (IdentityClass identityClass : IdentityClass.values()) {
                    assertThat(validate(complete(identityClass).with(field, raw))).as("%s %s", field, identityClass)
                            .containsExactly(malformed(field, "idgov-invalid-rate-limit", raw, "1000000"));
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "1", "60", "999999", "1000000"})
        void overrideWithinRange(String raw) {
            for (IdentityClass identityClass : IdentityClass.values()) {
                assertThat(validate(complete(identityClass).with(GovernanceAttribute.RATE_LIMIT_TOKENS_PER_MINUTE, raw)
                        .with(GovernanceAttribute.RATE_LIMIT_EXCHANGES_PER_HOUR, raw))).isEmpty();
            }
        }
    }

    @Nested
    class ReviewCadenceAndReviewFields {

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "1.5", "abc", "3651", "9999", "10000", "+5", "5 days", " 5", "0x10", "1e3",
                "\u0665", "2147483648"})
        void malformedCadence(String raw) {
            for (IdentityClass identityClass : IdentityClass.values()) {
                var a = complete(identityClass).with(REVIEW_CADENCE_DAYS, raw);
                assertThat(validate(a)).as("%s", identityClass)
                        .containsExactly(malformed(REVIEW_CADENCE_DAYS, "idgov-invalid-cadence", raw, "3650"));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "7", "90", "365", "3650"})
        void cadenceWithinRange(String raw) {
            for (IdentityClass identityClass : IdentityClass.values()) {
                assertThat(validate(complete(identityClass).with(REVIEW_CADENCE_DAYS, raw))).isEmpty();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-11-29T10:15:30Z", "2026-11-29T10:15:30.123Z", "1970-01-01T00:00:00Z"})
        void lastReviewedAtAcceptsIsoInstants(String raw) {
            assertThat(validate(complete(IdentityClass.BOT).with(LAST_REVIEWED_AT, raw))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-11-29", "2026-11-29T10:15:30", "yesterday", "1764411330", "2026-11-29 10:15:30Z"})
        void lastReviewedAtRejectsAnythingElse(String raw) {
            var a = complete(IdentityClass.BOT).with(LAST_REVIEWED_AT, raw);
            assertThat(validate(a)).containsExactly(malformed(LAST_REVIEWED_AT, "idgov-invalid-instant", raw));
        }

        @Test
        void lastReviewedByIsFreeText() {
            assertThat(field(LAST_REVIEWED_BY, attrs().with(LAST_REVIEWED_BY, "anyone at all {0} ' \""))).isEmpty();
            assertThat(field(LAST_REVIEWED_BY, attrs().with(LAST_REVIEWED_BY, "ghost"))).isEmpty();
        }
    }

    @Nested
    class SingleValuesAndBlanks {

        @ParameterizedTest
        @EnumSource(GovernanceAttribute.class)
        void twoValuesAreASingleValueViolationOnThatAttribute(GovernanceAttribute attribute) {
            for (IdentityClass identityClass : IdentityClass.values()) {
                Fixtures.Attrs a = complete(identityClass);
                List<String> existing = a.map().get(attribute.attributeName());
                String first = existing != null ? existing.get(0) : "x";
                if (attribute == CLASS) {
                    a.with(attribute, first, first); // same value twice is still two values
                } else {
                    a.with(attribute, first, "other");
                }
                assertThat(field(attribute, a)).as("%s on %s", attribute, identityClass)
                        .containsExactly(malformed(attribute, "idgov-single-value"));
            }
        }

        @Test
        void multiValuedOwnerIsOnlyASingleValueViolationEvenIfBothAreUnknown() {
            var a = complete(IdentityClass.BOT).with(OWNER, "ghost", "phantom");
            assertThat(validate(a)).containsExactly(malformed(OWNER, "idgov-single-value"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "   ", "\t", "\n"})
        void blankValuesCountAsAbsent(String blank) {
            var bot = complete(IdentityClass.AI_AGENT)
                    .with(OWNER, blank).with(SPONSOR, blank).with(PURPOSE, blank).with(EXPIRES_AT, blank)
                    .with(ENVIRONMENT, blank).with(RISK_TIER, blank).with(AUTONOMY, blank)
                    .with(REVIEW_CADENCE_DAYS, blank).with(LAST_REVIEWED_AT, blank);
            assertThat(validate(bot)).containsExactly(
                    policy(OWNER, "idgov-owner-required"),
                    policy(SPONSOR, "idgov-sponsor-required"),
                    policy(PURPOSE, "idgov-purpose-required"),
                    policy(EXPIRES_AT, "idgov-expiry-required"));
        }

        @Test
        void blankClassIsDerived() {
            assertThat(rules.validate(attrs().with(CLASS, " ").map(), true, DIRECTORY)).containsExactly(
                    policy(OWNER, "idgov-owner-required"),
                    policy(PURPOSE, "idgov-purpose-required"),
                    policy(EXPIRES_AT, "idgov-expiry-required"));
            assertThat(rules.validate(attrs().with(CLASS, "").map(), false, DIRECTORY)).isEmpty();
        }

        @Test
        void blankAndNullValuesNextToARealValueDoNotMakeItMultiValued() {
            Map<String, List<String>> map = complete(IdentityClass.BOT).map();
            map.put(OWNER.attributeName(), Arrays.asList("", "alice", null, "  "));
            assertThat(rules.validate(map, false, DIRECTORY)).isEmpty();
        }

        @Test
        void emptyListAndNullListCountAsAbsent() {
            Map<String, List<String>> map = complete(IdentityClass.BOT).map();
            map.put(OWNER.attributeName(), List.of());
            assertThat(rules.validate(map, false, DIRECTORY)).containsExactly(policy(OWNER, "idgov-owner-required"));
            map.put(OWNER.attributeName(), null);
            assertThat(rules.validate(map, false, DIRECTORY)).containsExactly(policy(OWNER, "idgov-owner-required"));
        }

        @Test
        void unrelatedAttributesAreIgnored() {
            var map = complete(IdentityClass.BOT).map();
            map.put("email", List.of("not validated here", "twice"));
            map.put("Identity_Class", List.of("nonsense"));
            assertThat(rules.validate(map, false, DIRECTORY)).isEmpty();
        }
    }

    @Nested
    class ValidateIsTheUnionOfValidateField {

        @Test
        void validateReportsEveryFieldInAttributeOrder() {
            var a = attrs().with(CLASS, "bot")
                    .with(OWNER, "dora")
                    .with(ENVIRONMENT, "Prod")
                    .with(RISK_TIER, "a", "b")
                    .with(EXPIRES_AT, "2027-02-30")
                    .with(REVIEW_CADENCE_DAYS, "0")
                    .with(LAST_REVIEWED_AT, "soon");
            List<Violation> all = validate(a);
            assertThat(all).containsExactly(
                    malformed(OWNER, "idgov-person-not-enabled-human", "dora"),
                    policy(PURPOSE, "idgov-purpose-required"),
                    malformed(ENVIRONMENT, "idgov-invalid-option", "Prod", "prod, staging, dev"),
                    malformed(RISK_TIER, "idgov-single-value"),
                    malformed(EXPIRES_AT, "idgov-invalid-date", "2027-02-30"),
                    malformed(REVIEW_CADENCE_DAYS, "idgov-invalid-cadence", "0", "3650"),
                    malformed(LAST_REVIEWED_AT, "idgov-invalid-instant", "soon"));
            assertThat(all).isEqualTo(Fixtures.validateAllFields(rules, a.map(), false, DIRECTORY));
        }

        @Test
        void unionHoldsForServiceAccountUsersToo() {
            for (IdentityClass identityClass : IdentityClass.values()) {
                for (boolean sa : new boolean[]{true, false}) {
                    var a = complete(identityClass).without(OWNER).with(AUTONOMY, "x");
                    assertThat(rules.validate(a.map(), sa, DIRECTORY))
                            .isEqualTo(Fixtures.validateAllFields(rules, a.map(), sa, DIRECTORY));
                }
            }
        }

        @Test
        void validateDoesNotModifyTheAttributes() {
            var map = complete(IdentityClass.AI_AGENT).with(OWNER, " ").map();
            String snapshot = map.toString();
            rules.validate(map, true, DIRECTORY);
            assertThat(map.toString()).isEqualTo(snapshot);
        }
    }
}

package io.github.idgov.core;

import static io.github.idgov.core.Fixtures.ALL_CLASSES;
import static io.github.idgov.core.Fixtures.attrs;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.core.Violation.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class GovernanceRecordsTest {

    private static final PrincipalRef USER = new PrincipalRef("u-1", "jane", null);
    private static final PrincipalRef SERVICE_ACCOUNT = new PrincipalRef("u-2", "service-account-ci", "ci");

    private static Violation malformed(GovernanceAttribute field, String key, String... params) {
        return new Violation(field, Kind.MALFORMED, key, List.of(params));
    }

    @Test
    void principalRefIsAServiceAccountExactlyWhenItHasAClientId() {
        assertThat(USER.isServiceAccount()).isFalse();
        assertThat(SERVICE_ACCOUNT.isServiceAccount()).isTrue();
        assertThat(new PrincipalRef("u", "n", "").isServiceAccount()).isTrue();
    }

    @Test
    void absentClassOnARegularUserIsDerivedHumanWithDefaults() {
        GovernanceRecord r = GovernanceRecords.from(USER, Map.of());
        assertThat(r.principal()).isEqualTo(USER);
        assertThat(r.identityClass()).isEqualTo(IdentityClass.HUMAN);
        assertThat(r.classDerived()).isTrue();
        assertThat(r.riskTier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(r.autonomy()).isNull();
        assertThat(r.owner()).isNull();
        assertThat(r.sponsor()).isNull();
        assertThat(r.purpose()).isNull();
        assertThat(r.environment()).isNull();
        assertThat(r.expiresAt()).isNull();
        assertThat(r.reviewCadenceDays()).isNull();
        assertThat(r.lastReviewedAt()).isNull();
        assertThat(r.lastReviewedBy()).isNull();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void absentClassOnAServiceAccountIsDerivedServiceAccount() {
        GovernanceRecord r = GovernanceRecords.from(SERVICE_ACCOUNT, Map.of());
        assertThat(r.identityClass()).isEqualTo(IdentityClass.SERVICE_ACCOUNT);
        assertThat(r.classDerived()).isTrue();
        assertThat(r.autonomy()).isNull();
        assertThat(r.problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void blankClassIsDerivedWithoutAProblem(String blank) {
        GovernanceRecord r = GovernanceRecords.from(SERVICE_ACCOUNT, attrs().with(CLASS, blank).map());
        assertThat(r.identityClass()).isEqualTo(IdentityClass.SERVICE_ACCOUNT);
        assertThat(r.classDerived()).isTrue();
        assertThat(r.problems()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(IdentityClass.class)
    void storedClassIsUsedAndNotDerived(IdentityClass identityClass) {
        for (PrincipalRef principal : List.of(USER, SERVICE_ACCOUNT)) {
            GovernanceRecord r = GovernanceRecords.from(principal, attrs().with(CLASS, identityClass.value()).map());
            assertThat(r.identityClass()).isEqualTo(identityClass);
            assertThat(r.classDerived()).isFalse();
            assertThat(r.problems()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Human", "AI-AGENT", " bot", "robot"})
    void malformedStoredClassIsDerivedAndListedAsAProblem(String raw) {
        GovernanceRecord user = GovernanceRecords.from(USER, attrs().with(CLASS, raw).map());
        assertThat(user.identityClass()).isEqualTo(IdentityClass.HUMAN);
        assertThat(user.classDerived()).isTrue();
        assertThat(user.problems()).containsExactly(malformed(CLASS, "idgov-invalid-option", raw, ALL_CLASSES));

        GovernanceRecord sa = GovernanceRecords.from(SERVICE_ACCOUNT, attrs().with(CLASS, raw).map());
        assertThat(sa.identityClass()).isEqualTo(IdentityClass.SERVICE_ACCOUNT);
        assertThat(sa.classDerived()).isTrue();
        assertThat(sa.problems()).containsExactly(malformed(CLASS, "idgov-invalid-option", raw, ALL_CLASSES));
    }

    @Test
    void aiAgentWithoutAutonomyObserves() {
        GovernanceRecord r = GovernanceRecords.from(USER, attrs().with(CLASS, "ai-agent").map());
        assertThat(r.autonomy()).isEqualTo(Autonomy.OBSERVE).isEqualTo(Autonomy.DEFAULT);
    }

    @ParameterizedTest
    @EnumSource(Autonomy.class)
    void aiAgentKeepsItsStoredAutonomy(Autonomy autonomy) {
        GovernanceRecord r = GovernanceRecords.from(USER, attrs().with(CLASS, "ai-agent").with(AUTONOMY, autonomy.value()).map());
        assertThat(r.autonomy()).isEqualTo(autonomy);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aiAgentWithMalformedAutonomyObservesAndListsAProblem() {
        GovernanceRecord r = GovernanceRecords.from(USER, attrs().with(CLASS, "ai-agent").with(AUTONOMY, "ACT").map());
        assertThat(r.autonomy()).isEqualTo(Autonomy.OBSERVE);
        assertThat(r.problems()).containsExactly(
                malformed(AUTONOMY, "idgov-invalid-option", "ACT", "observe, recommend, act"));
    }

    @ParameterizedTest
    @EnumSource(value = IdentityClass.class, names = {"HUMAN", "SERVICE_ACCOUNT", "BOT"})
    void nonAgentsHaveNoAutonomyByDefault(IdentityClass identityClass) {
        GovernanceRecord r = GovernanceRecords.from(USER, attrs().with(CLASS, identityClass.value()).map());
        assertThat(r.autonomy()).isNull();
    }

    /**
     * GovernanceRecord's contract: autonomy is "for ai-agents: stored autonomy or DEFAULT; null for other classes".
     * A stray identity_autonomy on a bot (the rules accept it) must not give the bot an autonomy.
     */
    @ParameterizedTest
    @EnumSource(value = IdentityClass.class, names = {"HUMAN", "SERVICE_ACCOUNT", "BOT"})
    void nonAgentsHaveNoAutonomyEvenWhenOneIsStored(IdentityClass identityClass) {
        GovernanceRecord r = GovernanceRecords.from(USER,
                attrs().with(CLASS, identityClass.value()).with(AUTONOMY, "act").map());
        assertThat(r.autonomy()).as("autonomy of a %s", identityClass.value()).isNull();
    }

    @ParameterizedTest
    @EnumSource(RiskTier.class)
    void storedRiskTierIsUsed(RiskTier tier) {
        assertThat(GovernanceRecords.from(USER, attrs().with(RISK_TIER, tier.value()).map()).riskTier()).isEqualTo(tier);
    }

    @Test
    void malformedRiskTierDefaultsToMediumAndIsAProblem() {
        GovernanceRecord r = GovernanceRecords.from(USER, attrs().with(RISK_TIER, "High").map());
        assertThat(r.riskTier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(r.problems()).containsExactly(
                malformed(RISK_TIER, "idgov-invalid-option", "High", "low, medium, high, critical"));
    }

    @Test
    void fullRecordIsParsed() {
        var a = attrs().with(CLASS, "ai-agent")
                .with(OWNER, "alice")
                .with(SPONSOR, "bob")
                .with(PURPOSE, "summarise tickets")
                .with(ENVIRONMENT, "staging")
                .with(RISK_TIER, "high")
                .with(AUTONOMY, "recommend")
                .with(EXPIRES_AT, "2027-02-28")
                .with(REVIEW_CADENCE_DAYS, "30")
                .with(LAST_REVIEWED_AT, "2026-11-01T08:30:00Z")
                .with(LAST_REVIEWED_BY, "carol");
        GovernanceRecord r = GovernanceRecords.from(SERVICE_ACCOUNT, a.map());
        assertThat(r).isEqualTo(new GovernanceRecord(SERVICE_ACCOUNT, IdentityClass.AI_AGENT, false,
                "alice", "bob", "summarise tickets", Environment.STAGING, RiskTier.HIGH, Autonomy.RECOMMEND,
                LocalDate.of(2027, 2, 28), 30, Instant.parse("2026-11-01T08:30:00Z"), "carol", List.of()));
    }

    @Test
    void freeTextFieldsAreKeptVerbatim() {
        GovernanceRecord r = GovernanceRecords.from(USER, attrs()
                .with(OWNER, "  Alice ").with(PURPOSE, "line 1\nline 2").with(LAST_REVIEWED_BY, "x y").map());
        assertThat(r.owner()).isEqualTo("  Alice ");
        assertThat(r.purpose()).isEqualTo("line 1\nline 2");
        assertThat(r.lastReviewedBy()).isEqualTo("x y");
    }

    @Test
    void blankFreeTextFieldsAreAbsent() {
        GovernanceRecord r = GovernanceRecords.from(USER, attrs().with(OWNER, " ").with(PURPOSE, "").map());
        assertThat(r.owner()).isNull();
        assertThat(r.purpose()).isNull();
    }

    @Test
    void malformedValuesAreNullAndListedAsProblemsInAttributeOrder() {
        var a = attrs().with(CLASS, "bot")
                .with(ENVIRONMENT, "production")
                .with(RISK_TIER, "extreme")
                .with(AUTONOMY, "all")
                .with(EXPIRES_AT, "2027-02-30")
                .with(LAST_REVIEWED_AT, "2026-11-01");
        GovernanceRecord r = GovernanceRecords.from(USER, a.map());
        assertThat(r.identityClass()).isEqualTo(IdentityClass.BOT);
        assertThat(r.environment()).isNull();
        assertThat(r.riskTier()).isEqualTo(RiskTier.DEFAULT);
        assertThat(r.autonomy()).isNull();
        assertThat(r.expiresAt()).isNull();
        assertThat(r.lastReviewedAt()).isNull();
        assertThat(r.problems()).containsExactly(
                malformed(ENVIRONMENT, "idgov-invalid-option", "production", "prod, staging, dev"),
                malformed(RISK_TIER, "idgov-invalid-option", "extreme", "low, medium, high, critical"),
                malformed(AUTONOMY, "idgov-invalid-option", "all", "observe, recommend, act"),
                malformed(EXPIRES_AT, "idgov-invalid-date", "2027-02-30"),
                malformed(LAST_REVIEWED_AT, "idgov-invalid-instant", "2026-11-01"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3651", "-5", "1.5", "weekly"})
    void malformedCadenceIsNullAndAProblem(String raw) {
        GovernanceRecord r = GovernanceRecords.from(USER, attrs().with(REVIEW_CADENCE_DAYS, raw).map());
        assertThat(r.reviewCadenceDays()).isNull();
        assertThat(r.problems()).extracting(Violation::field, Violation::kind, Violation::messageKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(REVIEW_CADENCE_DAYS, Kind.MALFORMED,
                        "idgov-invalid-cadence"));
    }

    /** The record's problem must be the same violation the rules report, so it renders with the bound. */
    @Test
    void malformedCadenceProblemCarriesTheSameParametersAsTheRule() {
        var a = attrs().with(REVIEW_CADENCE_DAYS, "0");
        Violation fromRules = Fixtures.rules().validateField(REVIEW_CADENCE_DAYS, a.map(), false, Fixtures.DIRECTORY).get(0);
        GovernanceRecord r = GovernanceRecords.from(USER, a.map());
        assertThat(r.problems()).containsExactly(fromRules);
        assertThat(r.problems().get(0).describe())
                .isEqualTo("identity_review_cadence_days: \"0\" is not a whole number of days between 1 and 3650.");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 90, 3650})
    void cadenceIsParsed(int days) {
        assertThat(GovernanceRecords.from(USER, attrs().with(REVIEW_CADENCE_DAYS, String.valueOf(days)).map())
                .reviewCadenceDays()).isEqualTo(days);
    }

    @Test
    void firstValueIsUsedWhenAttributesAreMultiValued() {
        var a = attrs().with(CLASS, "bot", "human").with(OWNER, "", "alice", "bob");
        GovernanceRecord r = GovernanceRecords.from(USER, a.map());
        assertThat(r.identityClass()).isEqualTo(IdentityClass.BOT);
        assertThat(r.owner()).isEqualTo("alice");
    }

    @Test
    void recordProblemsAreAnImmutableCopy() {
        List<Violation> problems = new ArrayList<>(List.of(malformed(CLASS, "idgov-invalid-option", "x", ALL_CLASSES)));
        GovernanceRecord r = new GovernanceRecord(USER, IdentityClass.HUMAN, true, null, null, null, null,
                RiskTier.DEFAULT, null, null, null, null, null, problems);
        problems.clear();
        assertThat(r.problems()).hasSize(1);
        assertThatThrownBy(() -> r.problems().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recordsNeverFailOnGarbage() {
        Map<String, List<String>> garbage = new java.util.HashMap<>();
        for (GovernanceAttribute a : GovernanceAttribute.values()) {
            garbage.put(a.attributeName(), java.util.Arrays.asList(null, "\u0000", "{0}'"));
        }
        GovernanceRecord r = GovernanceRecords.from(SERVICE_ACCOUNT, garbage);
        assertThat(r.identityClass()).isEqualTo(IdentityClass.SERVICE_ACCOUNT);
        assertThat(r.classDerived()).isTrue();
        assertThat(r.problems()).extracting(Violation::field)
                .containsExactly(CLASS, ENVIRONMENT, RISK_TIER, AUTONOMY, EXPIRES_AT, REVIEW_CADENCE_DAYS, LAST_REVIEWED_AT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"human", "service-account", "bot", "ai-agent", "robot", "AI-AGENT", " ai-agent", ""})
    void theClassAloneIsTheRecordsClassForEveryStoredValue(String stored) {
        for (PrincipalRef principal : List.of(USER, SERVICE_ACCOUNT)) {
            String first = stored.isBlank() ? null : stored;
            assertThat(GovernanceRecords.identityClass(first, principal.isServiceAccount()))
                    .as("%s stored on %s", stored, principal.username())
                    .isEqualTo(GovernanceRecords.from(principal, Map.of(CLASS.attributeName(), List.of(stored))).identityClass());
        }
    }

    @Test
    void theClassAloneIsDerivedWhenNothingIsStored() {
        assertThat(GovernanceRecords.identityClass(null, false)).isEqualTo(IdentityClass.HUMAN);
        assertThat(GovernanceRecords.identityClass(null, true)).isEqualTo(IdentityClass.SERVICE_ACCOUNT);
    }
}

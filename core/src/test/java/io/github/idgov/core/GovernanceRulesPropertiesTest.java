package io.github.idgov.core;

import static io.github.idgov.core.Fixtures.DIRECTORY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.Violation.Kind;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class GovernanceRulesPropertiesTest {

    private static final List<IdentityClass> MACHINES =
            List.of(IdentityClass.SERVICE_ACCOUNT, IdentityClass.BOT, IdentityClass.AI_AGENT);

    /** A well-formed, complete machine record together with the rules (clock, horizons) it was built for. */
    record MachineCase(IdentityClass identityClass, boolean serviceAccountUser, GovernanceRules rules,
                       Map<String, List<String>> attributes) {

        List<GovernanceAttribute> requiredFields() {
            List<GovernanceAttribute> required = new ArrayList<>(List.of(
                    GovernanceAttribute.OWNER, GovernanceAttribute.PURPOSE, GovernanceAttribute.EXPIRES_AT));
            if (identityClass == IdentityClass.AI_AGENT) {
                required.add(GovernanceAttribute.SPONSOR);
            }
            return required;
        }

        Map<String, List<String>> copy() {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            attributes.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
            return copy;
        }
    }

    @Provide
    Arbitrary<MachineCase> machineRecords() {
        Arbitrary<LocalDate> today = Arbitraries.longs()
                .between(LocalDate.of(2000, 1, 1).toEpochDay(), LocalDate.of(2100, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
        Arbitrary<ExpiryHorizons> horizons = Arbitraries.oneOf(
                Arbitraries.just(ExpiryHorizons.defaults()),
                Combinators.combine(days(), days(), days()).as(ExpiryHorizons::of));
        Arbitrary<String> purpose = Arbitraries.strings().ofMinLength(1).ofMaxLength(Formats.MAX_PURPOSE_LENGTH)
                .filter(s -> !s.isBlank());
        Arbitrary<String> person = Arbitraries.of("alice", "bob");
        Arbitrary<String> environment = Arbitraries.of(Environment.class).map(Environment::value).injectNull(0.4);
        Arbitrary<String> riskTier = Arbitraries.of(RiskTier.class).map(RiskTier::value).injectNull(0.4);
        Arbitrary<String> autonomy = Arbitraries.of(Autonomy.class).map(Autonomy::value).injectNull(0.4);
        Arbitrary<String> cadence = Arbitraries.integers().between(1, Formats.MAX_CADENCE_DAYS).map(String::valueOf)
                .injectNull(0.4);

        Arbitrary<Map<String, List<String>>> optionals = Combinators.combine(environment, riskTier, autonomy, cadence)
                .as((env, risk, aut, cad) -> {
                    Map<String, List<String>> m = new LinkedHashMap<>();
                    put(m, GovernanceAttribute.ENVIRONMENT, env);
                    put(m, GovernanceAttribute.RISK_TIER, risk);
                    put(m, GovernanceAttribute.AUTONOMY, aut);
                    put(m, GovernanceAttribute.REVIEW_CADENCE_DAYS, cad);
                    return m;
                });

        return Combinators.combine(Arbitraries.of(MACHINES), Arbitraries.of(true, false), today, horizons,
                        person, person, purpose, optionals)
                .flatAs((cls, saUser, day, hz, owner, sponsor, why, extra) -> {
                    int horizon = hz.daysFor(cls).orElseThrow();
                    // whether the class is stored or derived: only a service-account user can derive a machine class
                    boolean storeClass = cls != IdentityClass.SERVICE_ACCOUNT || !saUser || day.getDayOfMonth() % 2 == 0;
                    return Arbitraries.integers().between(0, horizon).map(offset -> {
                        Map<String, List<String>> m = new LinkedHashMap<>();
                        if (storeClass) {
                            put(m, GovernanceAttribute.CLASS, cls.value());
                        }
                        put(m, GovernanceAttribute.OWNER, owner);
                        if (cls == IdentityClass.AI_AGENT) {
                            put(m, GovernanceAttribute.SPONSOR, sponsor);
                        }
                        put(m, GovernanceAttribute.PURPOSE, why);
                        put(m, GovernanceAttribute.EXPIRES_AT, day.plusDays(offset).toString());
                        m.putAll(extra);
                        Clock clock = Clock.fixed(day.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
                        return new MachineCase(cls, saUser, new GovernanceRules(hz, clock), m);
                    });
                });
    }

    private static Arbitrary<Integer> days() {
        return Arbitraries.integers().between(1, 2000);
    }

    private static void put(Map<String, List<String>> m, GovernanceAttribute attribute, String value) {
        if (value != null) {
            m.put(attribute.attributeName(), new ArrayList<>(List.of(value)));
        }
    }

    @Property
    void wellFormedCompleteMachineRecordsHaveNoViolations(@ForAll("machineRecords") MachineCase c) {
        assertThat(c.rules().validate(c.attributes(), c.serviceAccountUser(), DIRECTORY)).isEmpty();
    }

    @Property
    void removingOneRequiredFieldYieldsExactlyOnePolicyViolationOnThatField(
            @ForAll("machineRecords") MachineCase c,
            @ForAll @IntRange(min = 0, max = 3) int which,
            @ForAll("removals") String removal) {
        List<GovernanceAttribute> required = c.requiredFields();
        GovernanceAttribute removed = required.get(which % required.size());
        Map<String, List<String>> attributes = c.copy();
        switch (removal) {
            case "remove" -> attributes.remove(removed.attributeName());
            case "empty-list" -> attributes.put(removed.attributeName(), new ArrayList<>());
            default -> attributes.put(removed.attributeName(), new ArrayList<>(List.of(removal)));
        }

        List<Violation> violations = c.rules().validate(attributes, c.serviceAccountUser(), DIRECTORY);

        assertThat(violations).hasSize(1);
        Violation only = violations.get(0);
        assertThat(only.field()).isEqualTo(removed);
        assertThat(only.kind()).isEqualTo(Kind.POLICY);
        assertThat(only.messageKey()).endsWith("-required");
        assertThat(Enforcement.of(GovernanceMode.MONITOR, only)).isEqualTo(Enforcement.RECORD);
        assertThat(Enforcement.of(GovernanceMode.ENFORCE, only)).isEqualTo(Enforcement.REJECT);
    }

    @Provide
    Arbitrary<String> removals() {
        return Arbitraries.of("remove", "empty-list", "", " ", "\t \n");
    }

    @Provide
    Arbitrary<GovernanceAttribute> enumeratedFields() {
        return Arbitraries.of(GovernanceAttribute.CLASS, GovernanceAttribute.ENVIRONMENT,
                GovernanceAttribute.RISK_TIER, GovernanceAttribute.AUTONOMY);
    }

    /** Arbitrary strings plus near misses of every allowed value (case, whitespace, prefixes, suffixes). */
    @Provide
    Arbitrary<String> almostAnything() {
        List<String> allowed = Stream.of(IdentityClass.values(), Environment.values(), RiskTier.values(), Autonomy.values())
                .flatMap(Arrays::stream).map(v -> ((AttributeValue) v).value()).toList();
        Arbitrary<String> base = Arbitraries.of(allowed);
        Arbitrary<String> nearMiss = Combinators.combine(base, Arbitraries.integers().between(0, 5),
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(3))
                .as((value, how, extra) -> switch (how) {
                    case 0 -> value.toUpperCase();
                    case 1 -> Character.toUpperCase(value.charAt(0)) + value.substring(1);
                    case 2 -> " " + value;
                    case 3 -> value + extra;
                    case 4 -> extra + value;
                    default -> value.substring(0, value.length() - 1);
                });
        return Arbitraries.oneOf(Arbitraries.strings(), Arbitraries.strings().alpha().ofMaxLength(15), nearMiss);
    }

    @Property
    void anyStringThatIsNotExactlyAnAllowedValueIsMalformed(
            @ForAll("enumeratedFields") GovernanceAttribute field,
            @ForAll("almostAnything") String raw,
            @ForAll IdentityClass context,
            @ForAll boolean serviceAccountUser) {
        Set<String> allowed = allowedValues(field);
        Assume.that(!raw.isBlank() && !allowed.contains(raw));

        Map<String, List<String>> attributes = Fixtures.complete(context).map();
        attributes.put(field.attributeName(), new ArrayList<>(List.of(raw)));

        List<Violation> violations = Fixtures.rules().validateField(field, attributes, serviceAccountUser, DIRECTORY);

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).kind()).isEqualTo(Kind.MALFORMED);
        assertThat(violations.get(0).messageKey()).isEqualTo("idgov-invalid-option");
        assertThat(violations.get(0).params()).containsExactly(raw, String.join(", ", allowed));
        for (GovernanceMode on : List.of(GovernanceMode.MONITOR, GovernanceMode.ENFORCE)) {
            assertThat(Enforcement.of(on, violations.get(0))).isEqualTo(Enforcement.REJECT);
        }
    }

    private static Set<String> allowedValues(GovernanceAttribute field) {
        AttributeValue[] values = switch (field) {
            case CLASS -> IdentityClass.values();
            case ENVIRONMENT -> Environment.values();
            case RISK_TIER -> RiskTier.values();
            case AUTONOMY -> Autonomy.values();
            default -> throw new IllegalArgumentException(field.name());
        };
        return Arrays.stream(values).map(AttributeValue::value).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    @Property
    void cadenceIsAcceptedExactlyWithinOneToMax(@ForAll @IntRange(min = -100_000, max = 100_000) int days) {
        Map<String, List<String>> attributes = Fixtures.attrs()
                .with(GovernanceAttribute.REVIEW_CADENCE_DAYS, String.valueOf(days)).map();
        List<Violation> violations = Fixtures.rules()
                .validateField(GovernanceAttribute.REVIEW_CADENCE_DAYS, attributes, false, DIRECTORY);
        if (days >= 1 && days <= Formats.MAX_CADENCE_DAYS) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).extracting(Violation::kind, Violation::messageKey)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.MALFORMED, "idgov-invalid-cadence"));
        }
    }

    @Property
    void expiryIsAcceptedExactlyUpToTheHorizon(@ForAll("machines") IdentityClass identityClass,
                                               @ForAll @IntRange(min = -400, max = 800) int offset) {
        int horizon = ExpiryHorizons.defaults().daysFor(identityClass).orElseThrow();
        Map<String, List<String>> attributes = Fixtures.complete(identityClass)
                .with(GovernanceAttribute.EXPIRES_AT, Fixtures.TODAY.plusDays(offset).toString()).map();
        List<Violation> violations = Fixtures.rules().validate(attributes, false, DIRECTORY);
        if (offset <= horizon) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).extracting(Violation::field, Violation::kind, Violation::messageKey)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            GovernanceAttribute.EXPIRES_AT, Kind.POLICY, "idgov-expiry-beyond-horizon"));
        }
    }

    @Provide
    Arbitrary<IdentityClass> machines() {
        return Arbitraries.of(MACHINES);
    }

    // ---- arbitrary attribute maps ----

    @Provide
    Arbitrary<Map<String, List<String>>> attributeMaps() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("human", "service-account", "bot", "ai-agent", "Human", "AI-AGENT",
                        "alice", "bob", "dora", "robo", "ghost",
                        "prod", "Prod", "low", "medium", "critical", "act", "observe", "x",
                        "2026-12-01", "2027-02-30", "2030-01-01", "2026-11-29T10:15:30Z",
                        "1", "0", "3650", "3651", "", " "),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<List<String>> values = value.list().ofMaxSize(3).injectNull(0.4);
        List<Arbitrary<List<String>>> perField = Arrays.stream(GovernanceAttribute.values()).map(a -> values).toList();
        return Combinators.combine(perField).as(lists -> {
            Map<String, List<String>> m = new LinkedHashMap<>();
            GovernanceAttribute[] fields = GovernanceAttribute.values();
            for (int i = 0; i < fields.length; i++) {
                if (lists.get(i) != null) {
                    m.put(fields[i].attributeName(), lists.get(i));
                }
            }
            return m;
        });
    }

    @Property
    void validateIsTheUnionOfValidateFieldInAttributeOrder(@ForAll("attributeMaps") Map<String, List<String>> attributes,
                                                           @ForAll boolean serviceAccountUser) {
        GovernanceRules rules = Fixtures.rules();
        List<Violation> all = rules.validate(attributes, serviceAccountUser, DIRECTORY);
        assertThat(all).isEqualTo(Fixtures.validateAllFields(rules, attributes, serviceAccountUser, DIRECTORY));
        for (GovernanceAttribute field : GovernanceAttribute.values()) {
            assertThat(rules.validateField(field, attributes, serviceAccountUser, DIRECTORY))
                    .allSatisfy(v -> assertThat(v.field()).isEqualTo(field));
        }
    }

    @Property
    void everyViolationHasAKnownMessageAndRendersCompletely(
            @ForAll("attributeMaps") Map<String, List<String>> attributes, @ForAll boolean serviceAccountUser) {
        for (Violation v : Fixtures.rules().validate(attributes, serviceAccountUser, DIRECTORY)) {
            assertThat(MessageTextsTest.bundle().getProperty(v.messageKey())).as(v.messageKey()).isNotNull();
            String text = v.describe();
            assertThat(text).startsWith(v.field().attributeName());
            for (String param : v.params()) {
                assertThat(text).contains(param);
            }
            if (v.params().stream().noneMatch(p -> p.contains("{"))) {
                assertThat(MessageTextsTest.placeholders(text)).as(text).isEmpty();
            }
        }
    }

    @Property
    void recordsReportTheSameMalformedValuesAsTheRules(
            @ForAll("attributeMaps") Map<String, List<String>> attributes, @ForAll boolean serviceAccountUser) {
        List<GovernanceAttribute> parsedByRecords = List.of(GovernanceAttribute.CLASS, GovernanceAttribute.ENVIRONMENT,
                GovernanceAttribute.RISK_TIER, GovernanceAttribute.AUTONOMY, GovernanceAttribute.EXPIRES_AT,
                GovernanceAttribute.REVIEW_CADENCE_DAYS, GovernanceAttribute.LAST_REVIEWED_AT);
        AttributeReader reader = new AttributeReader(attributes);
        Assume.that(parsedByRecords.stream().noneMatch(reader::isMultiValued));

        PrincipalRef principal = new PrincipalRef("id-1", "someone", serviceAccountUser ? "client-1" : null);
        List<Violation> problems = GovernanceRecords.from(principal, attributes).problems();
        List<Violation> ruleViolations = Fixtures.rules().validate(attributes, serviceAccountUser, DIRECTORY).stream()
                .filter(v -> v.kind() == Kind.MALFORMED && parsedByRecords.contains(v.field()))
                .toList();
        assertThat(problems).isEqualTo(ruleViolations);
    }

    // ---- enforcement ----

    @Property
    void offAlwaysIgnores(@ForAll GovernanceAttribute field, @ForAll Kind kind, @ForAll String key) {
        assertThat(Enforcement.of(GovernanceMode.OFF, new Violation(field, kind, key, List.of()))).isEqualTo(Enforcement.IGNORE);
    }

    @Property
    void enforceAlwaysRejects(@ForAll GovernanceAttribute field, @ForAll Kind kind, @ForAll String key) {
        assertThat(Enforcement.of(GovernanceMode.ENFORCE, new Violation(field, kind, key, List.of()))).isEqualTo(Enforcement.REJECT);
    }

    @Property
    void monitorRejectsMalformedAndRecordsPolicy(@ForAll GovernanceAttribute field, @ForAll Kind kind, @ForAll String key) {
        Enforcement expected = kind == Kind.MALFORMED ? Enforcement.REJECT : Enforcement.RECORD;
        assertThat(Enforcement.of(GovernanceMode.MONITOR, new Violation(field, kind, key, List.of()))).isEqualTo(expected);
    }
}

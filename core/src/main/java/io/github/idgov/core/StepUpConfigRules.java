package io.github.idgov.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the step-up settings an administrator writes must look like, each problem naming its field: the
 * {@value StepUpContract#STEP_UP_AUTHENTICATOR_ID} authenticator's configuration, and the
 * {@value StepUpContract#LEVEL_ATTRIBUTE} / {@value StepUpContract#MAX_AGE_ATTRIBUTE} attributes of client scopes and
 * clients. Pure: the caller says which client scopes exist.
 */
public final class StepUpConfigRules {

    /** Keycloak joins the values of a multivalued setting with this. */
    public static final String MULTIVALUE_DELIMITER = "##";

    private StepUpConfigRules() {
    }

    public static List<String> authenticatorProblems(Map<String, String> config, Predicate<String> scopeExists) {
        return authenticatorProblems(config, scopeExists, factor -> true);
    }

    /** The same, where {@code available} says which factors this server offers (a Keycloak feature may be off). */
    public static List<String> authenticatorProblems(Map<String, String> config, Predicate<String> scopeExists,
                                                     Predicate<StepUpFactor> available) {
        List<String> problems = new ArrayList<>();
        if (config == null) {
            return problems;
        }
        level(config.get(StepUpContract.CONFIG_LEVEL), StepUpContract.CONFIG_LEVEL, problems);
        maxAge(config.get(StepUpContract.CONFIG_MAX_AGE), StepUpContract.CONFIG_MAX_AGE, problems);
        factors(config.get(StepUpContract.CONFIG_FACTORS), problems);
        scopeNames(config.get(StepUpContract.CONFIG_FACTORS)).stream().map(StepUpFactor::parse).flatMap(java.util.Optional::stream)
                .filter(available.negate())
                .forEach(f -> problems.add(StepUpContract.CONFIG_FACTORS + ": \"" + f.value() + "\" is not available on this server ("
                        + "Keycloak authenticator " + f.authenticatorId() + " is missing: is its feature disabled?)"));
        noFactor(config.get(StepUpContract.CONFIG_NO_FACTOR), problems);
        for (String scope : scopeNames(config.get(StepUpContract.CONFIG_SENSITIVE_SCOPES))) {
            if (!scopeExists.test(scope)) {
                problems.add(StepUpContract.CONFIG_SENSITIVE_SCOPES + ": \"" + scope + "\" is not a client scope of this realm");
            }
        }
        return problems;
    }

    /** The step-up attributes of one client scope or client (absent level and max age: not sensitive, no problem). */
    public static List<String> attributeProblems(String level, String maxAge) {
        List<String> problems = new ArrayList<>();
        level(level, StepUpContract.LEVEL_ATTRIBUTE, problems);
        maxAge(maxAge, StepUpContract.MAX_AGE_ATTRIBUTE, problems);
        if (isBlank(level) && !isBlank(maxAge)) {
            problems.add(StepUpContract.MAX_AGE_ATTRIBUTE + ": set without " + StepUpContract.LEVEL_ATTRIBUTE
                    + " (a max age alone makes nothing sensitive)");
        }
        return problems;
    }

    public static List<String> scopeNames(String raw) {
        return isBlank(raw) ? List.of()
                : Arrays.stream(raw.split(MULTIVALUE_DELIMITER)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The configured factors in their order, duplicates dropped; where the setting is absent or holds no known factor,
     * {@link #DEFAULT_FACTORS}. Unknown values are refused on save ({@link #authenticatorProblems}) and skipped here.
     */
    public static List<StepUpFactor> factors(String raw) {
        List<StepUpFactor> factors = scopeNames(raw).stream().map(StepUpFactor::parse).flatMap(java.util.Optional::stream)
                .distinct().toList();
        return factors.isEmpty() || factors.stream().allMatch(StepUpFactor::isFallback) ? DEFAULT_FACTORS : factors;
    }

    /** Every factor, OTP first: what the pack installs and what an absent setting means. */
    public static final List<StepUpFactor> DEFAULT_FACTORS = List.of(StepUpFactor.values());

    /** True when a user without any configured factor is refused rather than enrolled. */
    public static boolean deniesWithoutFactor(String raw) {
        return raw != null && StepUpContract.NO_FACTOR_DENY.equals(raw.trim());
    }

    /** A whole number at least {@code minimum}, or null. */
    public static Integer wholeNumber(String raw, int minimum) {
        if (isBlank(raw)) {
            return null;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            return value < minimum ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void level(String raw, String field, List<String> problems) {
        if (!isBlank(raw) && wholeNumber(raw, 1) == null) {
            problems.add(field + ": \"" + raw + "\" is not a level of authentication (a whole number, at least 1)");
        }
    }

    private static void maxAge(String raw, String field, List<String> problems) {
        if (!isBlank(raw) && wholeNumber(raw, 0) == null) {
            problems.add(field + ": \"" + raw + "\" is not a number of seconds (a whole number, at least 0)");
        }
    }

    private static void factors(String raw, List<String> problems) {
        if (raw == null) {
            return;
        }
        String field = StepUpContract.CONFIG_FACTORS;
        List<String> values = scopeNames(raw);
        if (values.isEmpty()) {
            problems.add(field + ": empty (name at least one of: " + StepUpFactor.allowed() + ")");
            return;
        }
        List<String> unknown = values.stream().filter(v -> StepUpFactor.parse(v).isEmpty()).toList();
        unknown.forEach(v -> problems.add(field + ": \"" + v + "\" is not one of: " + StepUpFactor.allowed()));
        if (unknown.isEmpty() && values.stream().map(StepUpFactor::parse).map(java.util.Optional::orElseThrow)
                .allMatch(StepUpFactor::isFallback)) {
            problems.add(field + ": " + StepUpFactor.RECOVERY_CODES.value() + " is a fallback, name another factor with it");
        }
    }

    private static void noFactor(String raw, List<String> problems) {
        if (raw != null && !StepUpContract.NO_FACTOR_ENROL.equals(raw.trim()) && !StepUpContract.NO_FACTOR_DENY.equals(raw.trim())) {
            problems.add(StepUpContract.CONFIG_NO_FACTOR + ": \"" + raw + "\" is not one of: " + StepUpContract.NO_FACTOR_ENROL
                    + ", " + StepUpContract.NO_FACTOR_DENY);
        }
    }

    private static boolean isBlank(String raw) {
        return raw == null || raw.isBlank();
    }
}

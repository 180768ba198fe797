package io.github.idgov.authenticators.stepup;

import io.github.idgov.core.StepUpContract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.keycloak.models.Constants;

/**
 * The {@code idgov-step-up} authenticator's configuration, typed and null-safe: scopes named sensitive here (in
 * addition to client scopes carrying the step-up attribute) need {@code level} within {@code max-age} seconds.
 */
record StepUpSettings(Set<String> sensitiveScopes, int level, int maxAgeSeconds) {

    static final String SENSITIVE_SCOPES = StepUpContract.CONFIG_SENSITIVE_SCOPES;
    static final String LEVEL = StepUpContract.CONFIG_LEVEL;
    static final String MAX_AGE = StepUpContract.CONFIG_MAX_AGE;
    static final int DEFAULT_LEVEL = StepUpContract.DEFAULT_LEVEL;

    static StepUpSettings defaults() {
        return new StepUpSettings(Set.of(), DEFAULT_LEVEL, StepUpRequirement.DEFAULT_MAX_AGE_SECONDS);
    }

    /** Reads a stored configuration; a value that does not parse falls back to the strict default (it was validated on save). */
    static StepUpSettings from(Map<String, String> config) {
        if (config == null) {
            return defaults();
        }
        Integer level = wholeNumber(config.get(LEVEL));
        Integer maxAge = wholeNumber(config.get(MAX_AGE));
        return new StepUpSettings(Set.copyOf(scopeNames(config.get(SENSITIVE_SCOPES))),
                level == null || level < 1 ? DEFAULT_LEVEL : level,
                maxAge == null || maxAge < 0 ? 0 : maxAge);
    }

    /** Every problem of a configuration, each naming its field; {@code scopeExists} says whether a realm client scope has the name. */
    static List<String> problems(Map<String, String> config, Predicate<String> scopeExists) {
        List<String> problems = new ArrayList<>();
        if (config == null) {
            return problems;
        }
        String level = config.get(LEVEL);
        if (level != null && !level.isBlank()) {
            Integer parsed = wholeNumber(level);
            if (parsed == null || parsed < 1) {
                problems.add(LEVEL + ": \"" + level + "\" is not a level of authentication (a whole number, at least 1)");
            }
        }
        String maxAge = config.get(MAX_AGE);
        if (maxAge != null && !maxAge.isBlank()) {
            Integer parsed = wholeNumber(maxAge);
            if (parsed == null || parsed < 0) {
                problems.add(MAX_AGE + ": \"" + maxAge + "\" is not a number of seconds (a whole number, at least 0)");
            }
        }
        for (String scope : scopeNames(config.get(SENSITIVE_SCOPES))) {
            if (!scopeExists.test(scope)) {
                problems.add(SENSITIVE_SCOPES + ": \"" + scope + "\" is not a client scope of this realm");
            }
        }
        return problems;
    }

    StepUpRequirement requirementFor(String scope) {
        return new StepUpRequirement(level, maxAgeSeconds, scope);
    }

    /** Keycloak stores a multivalued string as values joined by {@code ##}. */
    private static List<String> scopeNames(String raw) {
        return raw == null || raw.isBlank() ? List.of()
                : Arrays.stream(raw.split(Constants.CFG_DELIMITER)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Integer wholeNumber(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.github.idgov.authenticators.stepup;

import io.github.idgov.core.StepUpConfigRules;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.StepUpFactor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code idgov-step-up} authenticator's configuration, typed and null-safe: scopes named sensitive here (in
 * addition to client scopes carrying the step-up attribute) need {@code level} within {@code max-age} seconds.
 */
record StepUpSettings(Set<String> sensitiveScopes, int level, int maxAgeSeconds, List<StepUpFactor> factors, boolean denyWithoutFactor) {

    static final String SENSITIVE_SCOPES = StepUpContract.CONFIG_SENSITIVE_SCOPES;
    static final String LEVEL = StepUpContract.CONFIG_LEVEL;
    static final String MAX_AGE = StepUpContract.CONFIG_MAX_AGE;
    static final String FACTORS = StepUpContract.CONFIG_FACTORS;
    static final String NO_FACTOR = StepUpContract.CONFIG_NO_FACTOR;
    static final int DEFAULT_LEVEL = StepUpContract.DEFAULT_LEVEL;

    static StepUpSettings defaults() {
        return new StepUpSettings(Set.of(), DEFAULT_LEVEL, StepUpRequirement.DEFAULT_MAX_AGE_SECONDS,
                StepUpConfigRules.DEFAULT_FACTORS, false);
    }

    /**
     * Reads a stored configuration (checked on save by {@link StepUpConfigRules}); a value that got past that check
     * falls back to the strict side: level 2, or a window of 0 s.
     */
    static StepUpSettings from(Map<String, String> config) {
        if (config == null) {
            return defaults();
        }
        Integer level = StepUpConfigRules.wholeNumber(config.get(LEVEL), 1);
        Integer maxAge = StepUpConfigRules.wholeNumber(config.get(MAX_AGE), 0);
        boolean maxAgeSet = config.get(MAX_AGE) != null && !config.get(MAX_AGE).isBlank();
        return new StepUpSettings(Set.copyOf(StepUpConfigRules.scopeNames(config.get(SENSITIVE_SCOPES))),
                level == null ? DEFAULT_LEVEL : level,
                maxAge != null ? maxAge : (maxAgeSet ? 0 : StepUpRequirement.DEFAULT_MAX_AGE_SECONDS),
                StepUpConfigRules.factors(config.get(FACTORS)), StepUpConfigRules.deniesWithoutFactor(config.get(NO_FACTOR)));
    }

    StepUpRequirement requirementFor(String scope) {
        return new StepUpRequirement(level, maxAgeSeconds, scope);
    }

}

package io.github.idgov.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The RFC 8176 {@code amr} values of a login: for each completed authentication step (execution id → second it
 * completed), the reference value of the step's authenticator config, while the config's max age has not run out.
 * The same answer as Keycloak 26.7's {@code AmrUtils}, which finds the steps without a config (most of a login's
 * steps) by catching a NullPointerException per step: on every token it builds, a measurable cost.
 */
public final class AmrReferences {

    private static final Logger LOG = Logger.getLogger(AmrReferences.class);
    static final String VALUE = "default.reference.value";
    static final String MAX_AGE = "default.reference.maxAge";

    private AmrReferences() {
    }

    /**
     * @param completed      completed steps in the order they completed (execution id → epoch second)
     * @param referenceOf    the config of a step's authenticator, or null when the step or its config is gone or has none
     * @param now            the current epoch second
     */
    public static List<String> of(Map<String, Integer> completed, Function<String, Map<String, String>> referenceOf, int now) {
        List<String> values = new ArrayList<>(2);
        for (Map.Entry<String, Integer> step : completed.entrySet()) {
            Map<String, String> config = step.getKey() == null ? null : referenceOf.apply(step.getKey());
            if (config == null || step.getValue() == null || !fresh(config, step.getValue(), now)) {
                continue;
            }
            String value = config.get(VALUE);
            if (value != null && !value.isEmpty()) {
                values.add(value);
            }
        }
        return values;
    }

    /**
     * Keycloak's rule: valid while completed + max age (default 0) is not before now; an unreadable max age is not
     * (logged, as Keycloak does). Added as longs: a max age near the int range does not wrap into the past.
     */
    private static boolean fresh(Map<String, String> config, int completedAt, int now) {
        String maxAge = config.getOrDefault(MAX_AGE, "0");
        try {
            return (long) completedAt + Integer.parseInt(maxAge) >= now;
        } catch (NumberFormatException unreadable) {
            LOG.warnf("invalid authentication execution max age '%s': the step counts for no amr value", maxAge);
            return false;
        }
    }
}

package io.github.idgov.authenticators.stepup;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.keycloak.models.Constants;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's record of when each level of authentication was last reached in an SSO session: the user-session
 * note {@code loa-map} ({@link Constants#LOA_MAP}, level → epoch seconds), written by the level-of-authentication
 * conditions of the browser flow when a login completes.
 */
final class LevelTimes {

    private static final Logger LOG = Logger.getLogger(LevelTimes.class);

    private final Map<Integer, Integer> times;

    private LevelTimes(Map<Integer, Integer> times) {
        this.times = times;
    }

    /** An unreadable note counts as no level reached (fail closed). */
    static LevelTimes parse(String note) {
        if (note == null || note.isBlank()) {
            return new LevelTimes(new TreeMap<>());
        }
        try {
            return new LevelTimes(new TreeMap<>(JsonSerialization.readValue(note, new TypeReference<Map<Integer, Integer>>() { })));
        } catch (IOException e) {
            LOG.warnf("Unreadable level-of-authentication record '%s' (%s): counting no level reached", note, e.getMessage());
            return new LevelTimes(new TreeMap<>());
        }
    }

    /** True when a level at least the required one was reached no longer than the window ago. */
    boolean satisfies(StepUpRequirement requirement, long nowSeconds) {
        return times.entrySet().stream().anyMatch(e -> e.getKey() >= requirement.level()
                && e.getValue() != null && e.getValue() + (long) requirement.maxAgeSeconds() >= nowSeconds);
    }

    /** The same record without the levels the requirement covers that are older than its window; null if unchanged. */
    String withoutStale(StepUpRequirement requirement, long nowSeconds) {
        Map<Integer, Integer> kept = new TreeMap<>(times);
        boolean removed = kept.entrySet().removeIf(e -> e.getKey() >= requirement.level()
                && (e.getValue() == null || e.getValue() + (long) requirement.maxAgeSeconds() < nowSeconds));
        if (!removed) {
            return null;
        }
        try {
            return JsonSerialization.writeValueAsString(kept);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the level-of-authentication record", e);
        }
    }
}

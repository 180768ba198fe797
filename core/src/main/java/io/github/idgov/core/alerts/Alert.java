package io.github.idgov.core.alerts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One anomaly about one identity. The audit record names the identity with its owner and sponsor (its governance
 * record); {@code evidence} says what was seen, never a secret.
 *
 * @param principal username of the identity (for a client: its service-account user)
 * @param summary   one English sentence
 */
public record Alert(AlertKind kind, String principal, String summary, Map<String, Object> evidence) {

    public Alert {
        // a copy that keeps insertion order and absent facts (an event without an address is still evidence)
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}

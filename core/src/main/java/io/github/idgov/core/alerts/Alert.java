package io.github.idgov.core.alerts;

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
        evidence = Map.copyOf(evidence);
    }
}

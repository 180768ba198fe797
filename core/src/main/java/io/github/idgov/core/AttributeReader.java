package io.github.idgov.core;

import java.util.List;
import java.util.Map;

/** Reads governance attributes from a Keycloak-style multi-valued map, ignoring blank values. */
final class AttributeReader {

    private final Map<String, ? extends List<String>> attributes;

    AttributeReader(Map<String, ? extends List<String>> attributes) {
        this.attributes = attributes;
    }

    List<String> values(GovernanceAttribute attribute) {
        List<String> raw = attributes.get(attribute.attributeName());
        if (raw == null) {
            return List.of();
        }
        return raw.stream().filter(v -> v != null && !v.isBlank()).toList();
    }

    /** The single value, or null when absent; callers check {@link #isMultiValued} first where it matters. */
    String single(GovernanceAttribute attribute) {
        List<String> values = values(attribute);
        return values.isEmpty() ? null : values.get(0);
    }

    boolean isMultiValued(GovernanceAttribute attribute) {
        return values(attribute).size() > 1;
    }
}

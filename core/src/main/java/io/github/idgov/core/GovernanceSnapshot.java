package io.github.idgov.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An identity's governance attributes and enabled flag at one moment. Two snapshots of the same identity, taken
 * before and after an update, give the lifecycle records of that update.
 */
public record GovernanceSnapshot(boolean enabled, Map<GovernanceAttribute, String> attributes) {

    /** Attributes the pack writes itself (review, reclassification markers): their changes are not admin changes. */
    private static final List<GovernanceAttribute> PACK_WRITTEN = List.of(GovernanceAttribute.LAST_REVIEWED_AT,
            GovernanceAttribute.LAST_REVIEWED_BY, GovernanceAttribute.REVIEW_STATUS, GovernanceAttribute.RECLASSIFIED_AT);

    public GovernanceSnapshot {
        EnumMap<GovernanceAttribute, String> copy = new EnumMap<>(GovernanceAttribute.class);
        attributes.forEach((attribute, value) -> {
            if (value != null && !value.isBlank()) {
                copy.put(attribute, value);
            }
        });
        attributes = java.util.Collections.unmodifiableMap(copy);
    }

    /** Reads every governance attribute through {@code firstValue} (attribute name → first value; blank is absent). */
    public static GovernanceSnapshot of(boolean enabled, java.util.function.Function<String, String> firstValue) {
        Map<GovernanceAttribute, String> values = new EnumMap<>(GovernanceAttribute.class);
        for (GovernanceAttribute attribute : GovernanceAttribute.values()) {
            values.put(attribute, firstValue.apply(attribute.attributeName()));
        }
        return new GovernanceSnapshot(enabled, values);
    }

    /** Lifecycle records of the change from {@code before} to {@code after}, in a stable order. */
    public static List<LifecycleChange> changes(GovernanceSnapshot before, GovernanceSnapshot after, String principal, String by) {
        List<LifecycleChange> changes = new ArrayList<>();
        String classBefore = before.attributes.get(GovernanceAttribute.CLASS);
        String classAfter = after.attributes.get(GovernanceAttribute.CLASS);
        if (!Objects.equals(classBefore, classAfter) && classAfter != null) {
            LifecycleEvent event = classBefore == null ? LifecycleEvent.CLASSIFIED : LifecycleEvent.RECLASSIFIED;
            changes.add(change(event, principal, by, fieldChanges(before, after, List.of(GovernanceAttribute.CLASS))));
        } else if (classBefore != null && classAfter == null) {
            changes.add(change(LifecycleEvent.RECLASSIFIED, principal, by,
                    fieldChanges(before, after, List.of(GovernanceAttribute.CLASS))));
        }
        single(changes, before, after, GovernanceAttribute.OWNER, LifecycleEvent.OWNER_CHANGED, principal, by);
        single(changes, before, after, GovernanceAttribute.SPONSOR, LifecycleEvent.SPONSOR_CHANGED, principal, by);
        single(changes, before, after, GovernanceAttribute.EXPIRES_AT, LifecycleEvent.EXPIRY_CHANGED, principal, by);
        List<GovernanceAttribute> others = new ArrayList<>();
        for (GovernanceAttribute attribute : GovernanceAttribute.values()) {
            boolean own = attribute == GovernanceAttribute.CLASS || attribute == GovernanceAttribute.OWNER
                    || attribute == GovernanceAttribute.SPONSOR || attribute == GovernanceAttribute.EXPIRES_AT;
            if (!own && !PACK_WRITTEN.contains(attribute)
                    && !Objects.equals(before.attributes.get(attribute), after.attributes.get(attribute))) {
                others.add(attribute);
            }
        }
        if (!others.isEmpty()) {
            changes.add(change(LifecycleEvent.GOVERNANCE_CHANGED, principal, by, fieldChanges(before, after, others)));
        }
        if (before.enabled != after.enabled) {
            changes.add(change(after.enabled ? LifecycleEvent.ENABLED : LifecycleEvent.DISABLED, principal, by, Map.of()));
        }
        return changes;
    }

    /** What a newly created identity starts with: its class and lifecycle anchors. */
    public Map<String, Object> describe() {
        Map<String, Object> details = new LinkedHashMap<>();
        attributes.forEach((attribute, value) -> {
            if (!PACK_WRITTEN.contains(attribute)) {
                details.put(attribute.attributeName(), value);
            }
        });
        details.put("enabled", enabled);
        return details;
    }

    private static void single(List<LifecycleChange> changes, GovernanceSnapshot before, GovernanceSnapshot after,
                               GovernanceAttribute attribute, LifecycleEvent event, String principal, String by) {
        if (!Objects.equals(before.attributes.get(attribute), after.attributes.get(attribute))) {
            changes.add(change(event, principal, by, fieldChanges(before, after, List.of(attribute))));
        }
    }

    private static Map<String, Object> fieldChanges(GovernanceSnapshot before, GovernanceSnapshot after,
                                                    List<GovernanceAttribute> attributes) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (GovernanceAttribute attribute : attributes) {
            Map<String, Object> fromTo = new LinkedHashMap<>();
            fromTo.put("from", before.attributes.get(attribute));
            fromTo.put("to", after.attributes.get(attribute));
            details.put(attribute.attributeName(), java.util.Collections.unmodifiableMap(fromTo));
        }
        return details;
    }

    private static LifecycleChange change(LifecycleEvent event, String principal, String by, Map<String, Object> details) {
        return new LifecycleChange(event, principal, by, details);
    }
}

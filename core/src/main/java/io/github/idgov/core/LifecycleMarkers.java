package io.github.idgov.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the lifecycle controls need beyond the {@link GovernanceRecord}: when the principal was created (the start
 * of its first review period) and when it was last reclassified (null when never, or when the stored value is
 * malformed: the attribute validation reports that).
 */
public record LifecycleMarkers(Instant createdAt, Instant reclassifiedAt) {

    public static LifecycleMarkers from(Map<String, ? extends List<String>> attributes, Long createdTimestamp) {
        String reclassified = new AttributeReader(attributes).single(GovernanceAttribute.RECLASSIFIED_AT);
        return new LifecycleMarkers(createdTimestamp == null ? null : Instant.ofEpochMilli(createdTimestamp),
                reclassified == null ? null : Formats.isoInstant(reclassified).orElse(null));
    }
}

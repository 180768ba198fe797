package io.github.idgov.core.alerts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bounded list of network ranges an identity was seen in, as stored (comma-separated, most recent last). A
 * range already known moves to the end; a new one is appended and the oldest dropped beyond the capacity. The very
 * first range of an identity is learned without an alert: there is nothing to compare it with.
 */
public final class NetworkMemory {

    public static final int DEFAULT_CAPACITY = 16;

    /**
     * @param stored the new value to store; null when nothing changes (the range is already the most recent)
     * @param alert  the range is new and the identity had been seen elsewhere before
     * @param known  the ranges known before this use
     */
    public record Outcome(String stored, boolean alert, List<String> known) {
    }

    private NetworkMemory() {
    }

    public static Outcome observe(String stored, String range, int capacity) {
        List<String> known = parse(stored);
        if (!known.isEmpty() && known.get(known.size() - 1).equals(range)) {
            return new Outcome(null, false, known);
        }
        boolean isNew = !known.contains(range);
        List<String> updated = new ArrayList<>(known);
        updated.remove(range);
        updated.add(range);
        while (updated.size() > capacity) {
            updated.remove(0);
        }
        return new Outcome(String.join(",", updated), isNew && !known.isEmpty(), known);
    }

    static List<String> parse(String stored) {
        return stored == null || stored.isBlank() ? List.of()
                : Arrays.stream(stored.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

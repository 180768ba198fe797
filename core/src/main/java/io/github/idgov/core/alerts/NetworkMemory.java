package io.github.idgov.core.alerts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bounded list of network ranges an identity was seen in, as stored (comma-separated, in the order first seen).
 * A known range changes nothing (so a client served from two ranges causes no write per request); a new one is
 * appended and the earliest dropped beyond the capacity. The very first range of an identity is learned without an
 * alert: there is nothing to compare it with.
 */
public final class NetworkMemory {

    public static final int DEFAULT_CAPACITY = 16;

    /**
     * @param stored the new value to store; null when nothing changes (the range is known)
     * @param alert  the range is new and the identity had been seen elsewhere before
     * @param known  the ranges known before this use
     */
    public record Outcome(String stored, boolean alert, List<String> known) {
    }

    private NetworkMemory() {
    }

    public static Outcome observe(String stored, String range, int capacity) {
        List<String> known = parse(stored);
        if (known.contains(range)) {
            return new Outcome(null, false, known);
        }
        List<String> updated = new ArrayList<>(known);
        updated.add(range);
        while (updated.size() > capacity) {
            updated.remove(0);
        }
        return new Outcome(String.join(",", updated), !known.isEmpty(), known);
    }

    /**
     * Whether the stored list already holds the range, as {@link #observe} decides it (entries trimmed, blanks
     * ignored), without building the list: a known range is the case of nearly every token.
     */
    public static boolean knows(String stored, String range) {
        if (stored == null || range == null || range.isBlank()) {
            return false;
        }
        int start = 0;
        while (start <= stored.length()) {
            int comma = stored.indexOf(',', start);
            int end = comma < 0 ? stored.length() : comma;
            int from = start;
            int to = end;
            while (from < to && stored.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && stored.charAt(to - 1) <= ' ') {
                to--;
            }
            if (to - from == range.length() && stored.regionMatches(from, range, 0, range.length())) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            start = comma + 1;
        }
        return false;
    }

    static List<String> parse(String stored) {
        return stored == null || stored.isBlank() ? List.of()
                : Arrays.stream(stored.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

package io.github.idgov.core.alerts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * "Above its usual rate", kept simple enough to explain: time is cut into windows of {@code windowMillis}; an
 * identity's count in the current window is compared with the average of its previous {@code history} windows
 * (idle windows count as zero). It is an anomaly when the current count reaches {@code minimum} and exceeds
 * {@code factor} × that average. An identity first seen less than {@code history} windows ago is still learning
 * and never alerts. One alert per identity and window at most.
 * <p>
 * State: per identity a small ring of counts; at most {@code maxIdentities} identities, the least recently seen
 * dropped first (it then learns again). O(history) per event, one lock per call; per node (each node of a cluster
 * judges the traffic it serves).
 */
public final class RateBaseline {

    /** The evidence of an anomaly. */
    public record Excess(long windowStartMillis, long windowMillis, int count, double average, int history, double factor) {

        public String describe() {
            return count + " tokens in the current " + (windowMillis / 1000) + " s window, average " + String.format(java.util.Locale.ROOT, "%.1f", average)
                    + " over the previous " + history + " windows (threshold " + factor + " × average, at least the minimum)";
        }
    }

    public record Settings(long windowMillis, int history, double factor, int minimum, int maxIdentities) {

        public Settings {
            if (windowMillis < 1 || history < 1 || factor <= 0 || minimum < 1 || maxIdentities < 1) {
                throw new IllegalArgumentException("rate baseline settings out of range: " + windowMillis + " ms, "
                        + history + " windows, factor " + factor + ", minimum " + minimum + ", " + maxIdentities + " identities");
            }
        }
    }

    private static final class Track {
        final long firstWindow;
        final int[] counts; // ring indexed by window number modulo length: history + current
        long currentWindow;
        boolean alerted;

        Track(long window, int slots) {
            this.firstWindow = window;
            this.currentWindow = window;
            this.counts = new int[slots];
        }
    }

    private final Settings settings;
    private final Map<String, Track> tracks;

    public RateBaseline(Settings settings) {
        this.settings = settings;
        this.tracks = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Track> eldest) {
                return size() > settings.maxIdentities();
            }
        };
    }

    public Settings settings() {
        return settings;
    }

    /** Counts one token for {@code identity} at {@code nowMillis}; the excess when this one makes it an anomaly. */
    public synchronized Optional<Excess> observe(String identity, long nowMillis) {
        long window = Math.floorDiv(nowMillis, settings.windowMillis());
        int slots = settings.history() + 1;
        Track track = tracks.computeIfAbsent(identity, k -> new Track(window, slots));
        if (window != track.currentWindow) {
            long gap = Math.min(window - track.currentWindow, slots);
            for (long w = 1; w <= gap; w++) {
                track.counts[(int) Math.floorMod(track.currentWindow + w, (long) slots)] = 0;
            }
            track.currentWindow = window;
            track.alerted = false;
        }
        int slot = (int) Math.floorMod(window, (long) slots);
        int count = ++track.counts[slot];
        if (track.alerted || count < settings.minimum() || window - track.firstWindow < settings.history()) {
            return Optional.empty();
        }
        long sum = 0;
        for (int i = 0; i < slots; i++) {
            if (i != slot) {
                sum += track.counts[i];
            }
        }
        double average = (double) sum / settings.history();
        if (count <= settings.factor() * average) {
            return Optional.empty();
        }
        track.alerted = true;
        return Optional.of(new Excess(window * settings.windowMillis(), settings.windowMillis(), count, average,
                settings.history(), settings.factor()));
    }

    public synchronized int size() {
        return tracks.size();
    }
}

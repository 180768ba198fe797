package io.github.idgov.core.limits;

import io.github.idgov.core.IdentityClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Counts one request of a non-human identity against a fixed-window limit and says whether it is over.
 *
 * <p>Fixed window, not sliding or token bucket: one atomic increment of one shared counter per request and per kind
 * (far below the limit, one per batch of counts a node reserves ahead: {@link CounterCombiner}), which is what a
 * replicated cache can do cheaply and exactly across nodes. The price is the window edge: an identity
 * may get up to twice its limit across the boundary of two windows (the end of one and the start of the next).
 */
public final class CommandLimiter {

    private static final String KEY_PREFIX = "idgov-limit:";

    private final CommandLimitSettings settings;
    private final LimitCounter counter;
    private final Clock clock;

    public CommandLimiter(CommandLimitSettings settings, LimitCounter counter, Clock clock) {
        this.settings = settings;
        this.counter = counter;
        this.clock = clock;
    }

    /**
     * The limit for one identity: its override attribute when set and well formed, else its class default; empty when
     * not limited (a human, a class the kind is not counted for, or a limit of 0). A malformed override (written
     * before validation existed, or by an import) falls back to the class default rather than to no limit.
     */
    public OptionalInt limitFor(CommandKind kind, IdentityClass identityClass, String overrideValue) {
        if (!kind.classes().contains(identityClass)) {
            return OptionalInt.empty();
        }
        OptionalInt override = LimitOverride.parse(overrideValue);
        int limit = override.isPresent() ? override.getAsInt() : settings.limit(kind, identityClass);
        return limit == 0 ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    /**
     * Counts this request for the identity and answers the outcome; empty when the identity is not limited (nothing
     * is counted then).
     */
    public Optional<LimitOutcome> count(CommandKind kind, String realmId, String principalId, IdentityClass identityClass,
                                        String overrideValue) {
        OptionalInt limit = limitFor(kind, identityClass, overrideValue);
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        FixedWindow window = FixedWindow.at(now, settings.window(kind));
        long count = counter.incrementAndGet(key(kind, realmId, principalId, window), window.counterLifespan(now), limit.getAsInt());
        return Optional.of(new LimitOutcome(kind, count, limit.getAsInt(), window.secondsLeft(now)));
    }

    /** The counter key: realm, identity, kind and window, so each window starts from zero. */
    static String key(CommandKind kind, String realmId, String principalId, FixedWindow window) {
        return KEY_PREFIX + realmId + ':' + principalId + ':' + kind.key() + ':' + window.index();
    }

    /** The window as an administrator reads it in a decision: "minute", "hour", or "30s" when shortened. */
    public String windowText(CommandKind kind) {
        Duration window = settings.window(kind);
        if (window.equals(Duration.ofMinutes(1))) {
            return "minute";
        }
        if (window.equals(Duration.ofHours(1))) {
            return "hour";
        }
        return window.toSeconds() + "s";
    }

    public CommandLimitSettings settings() {
        return settings;
    }
}

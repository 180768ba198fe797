package io.github.idgov.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When an identity is stale: no successful login or token for longer than its class allows (machines sooner than
 * people). The last use is known to the day; an identity never used counts from its creation. 0 days: never stale.
 */
public final class Inactivity {

    private final Map<IdentityClass, Integer> staleDays;

    private Inactivity(Map<IdentityClass, Integer> staleDays) {
        this.staleDays = staleDays;
    }

    public static int defaultStaleDays(IdentityClass identityClass) {
        return switch (identityClass) {
            case HUMAN -> 180;
            case SERVICE_ACCOUNT, BOT -> 90;
            case AI_AGENT -> 30;
        };
    }

    public static Inactivity defaults() {
        return of(Map.of());
    }

    /** Class defaults, overridden by {@code days} where given; a negative value is refused, naming the class. */
    public static Inactivity of(Map<IdentityClass, Integer> days) {
        Map<IdentityClass, Integer> all = new EnumMap<>(IdentityClass.class);
        for (IdentityClass identityClass : IdentityClass.values()) {
            int value = days.getOrDefault(identityClass, defaultStaleDays(identityClass));
            if (value < 0) {
                throw new IllegalArgumentException("stale days of " + identityClass.value() + " must be 0 (never) or more, got " + value);
            }
            all.put(identityClass, value);
        }
        return new Inactivity(all);
    }

    public int staleDays(IdentityClass identityClass) {
        return staleDays.get(identityClass);
    }

    /**
     * @param lastUsed the day of the last login or token (start of day, UTC), null when never seen
     * @param created  when the identity was created, null when unknown
     */
    public Optional<LifecycleFinding> stale(GovernanceRecord record, Instant lastUsed, Instant created, Instant now) {
        int days = staleDays(record.identityClass());
        Instant since = lastUsed != null ? lastUsed : created;
        if (days == 0 || since == null || !now.isAfter(since.plus(days, ChronoUnit.DAYS))) {
            return Optional.empty();
        }
        String last = lastUsed == null ? "creation on " + LocalDate.ofInstant(created, ZoneOffset.UTC)
                : LocalDate.ofInstant(lastUsed, ZoneOffset.UTC).toString();
        return Optional.of(new LifecycleFinding(record.principal().username(), LifecycleFinding.Kind.STALE,
                List.of(last, String.valueOf(days))));
    }

    @Override
    public String toString() {
        return "stale days " + staleDays;
    }
}

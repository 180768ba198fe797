package io.github.idgov.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/** How far ahead an expiry may be set, per machine class. Humans have no horizon. */
public final class ExpiryHorizons {

    public static final int DEFAULT_AI_AGENT_DAYS = 90;
    public static final int DEFAULT_BOT_DAYS = 180;
    public static final int DEFAULT_SERVICE_ACCOUNT_DAYS = 365;

    private final Map<IdentityClass, Integer> days;

    private ExpiryHorizons(Map<IdentityClass, Integer> days) {
        this.days = new EnumMap<>(days);
    }

    public static ExpiryHorizons defaults() {
        return of(DEFAULT_SERVICE_ACCOUNT_DAYS, DEFAULT_BOT_DAYS, DEFAULT_AI_AGENT_DAYS);
    }

    public static ExpiryHorizons of(int serviceAccountDays, int botDays, int aiAgentDays) {
        Map<IdentityClass, Integer> days = new EnumMap<>(IdentityClass.class);
        days.put(IdentityClass.SERVICE_ACCOUNT, requirePositive("service-account", serviceAccountDays));
        days.put(IdentityClass.BOT, requirePositive("bot", botDays));
        days.put(IdentityClass.AI_AGENT, requirePositive("ai-agent", aiAgentDays));
        return new ExpiryHorizons(days);
    }

    public OptionalInt daysFor(IdentityClass identityClass) {
        Integer value = days.get(identityClass);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static int requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("expiry horizon for " + name + " must be at least 1 day, got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "ExpiryHorizons" + days;
    }
}

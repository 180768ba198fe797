package io.github.idgov.core.limits;

import io.github.idgov.core.IdentityClass;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Server-wide command-limit settings: the default limit per kind and class (0 = no limit) and each kind's window.
 * Immutable; built from SPI options by the executor's factory.
 */
public final class CommandLimitSettings {

    private final Map<CommandKind, Map<IdentityClass, Integer>> limits;
    private final Map<CommandKind, Duration> windows;

    private CommandLimitSettings(Map<CommandKind, Map<IdentityClass, Integer>> limits, Map<CommandKind, Duration> windows) {
        this.limits = limits;
        this.windows = windows;
    }

    /**
     * Defaults catch a runaway (a loop, a leaked credential) without touching normal load: a batch account is the
     * busiest; a bot or an agent serving many users still stays well below. Tighten per identity with the attributes.
     */
    public static int defaultLimit(CommandKind kind, IdentityClass identityClass) {
        if (!kind.classes().contains(identityClass)) {
            return 0;
        }
        return switch (kind) {
            case TOKEN -> switch (identityClass) {
                case SERVICE_ACCOUNT -> 1200;
                case BOT -> 300;
                case AI_AGENT -> 300;
                case HUMAN -> 0;
            };
            case DELEGATED_EXCHANGE -> 3600;
        };
    }

    public static CommandLimitSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The class default (0 = no limit); 0 for a class the kind is not counted for. */
    public int limit(CommandKind kind, IdentityClass identityClass) {
        return limits.get(kind).getOrDefault(identityClass, 0);
    }

    public Duration window(CommandKind kind) {
        return windows.get(kind);
    }

    public static final class Builder {
        private final Map<CommandKind, Map<IdentityClass, Integer>> limits = new EnumMap<>(CommandKind.class);
        private final Map<CommandKind, Duration> windows = new EnumMap<>(CommandKind.class);

        private Builder() {
            for (CommandKind kind : CommandKind.values()) {
                Map<IdentityClass, Integer> perClass = new EnumMap<>(IdentityClass.class);
                kind.classes().forEach(c -> perClass.put(c, defaultLimit(kind, c)));
                limits.put(kind, perClass);
                windows.put(kind, kind.nominalWindow());
            }
        }

        public Builder limit(CommandKind kind, IdentityClass identityClass, int limit) {
            if (!kind.classes().contains(identityClass)) {
                throw new IllegalArgumentException(kind.key() + " are not counted for class " + identityClass.value());
            }
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be 0 (no limit) or more: " + limit);
            }
            limits.get(kind).put(identityClass, limit);
            return this;
        }

        public Builder window(CommandKind kind, Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("window must be at least one second: " + window);
            }
            windows.put(kind, window);
            return this;
        }

        public CommandLimitSettings build() {
            Map<CommandKind, Map<IdentityClass, Integer>> copy = new EnumMap<>(CommandKind.class);
            limits.forEach((kind, perClass) -> copy.put(kind, Map.copyOf(perClass)));
            return new CommandLimitSettings(Map.copyOf(copy), Map.copyOf(windows));
        }
    }
}

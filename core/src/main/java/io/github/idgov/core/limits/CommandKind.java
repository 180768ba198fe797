package io.github.idgov.core.limits;

import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.IdentityClass;
import java.time.Duration;
import java.util.Set;

/**
 * What is counted against a non-human principal, each in its own window: every token it obtains (as the principal
 * or as the agent acting), and every delegated token exchange it makes as an agent.
 */
public enum CommandKind {
    TOKEN("tokens", "tokens-per-minute-", Duration.ofMinutes(1), GovernanceAttribute.RATE_LIMIT_TOKENS_PER_MINUTE,
            Set.of(IdentityClass.SERVICE_ACCOUNT, IdentityClass.BOT, IdentityClass.AI_AGENT)),
    /** Only ai-agent clients make delegated exchanges (the pack's exchange serves no other class). */
    DELEGATED_EXCHANGE("delegated-exchanges", "exchanges-per-hour-", Duration.ofHours(1),
            GovernanceAttribute.RATE_LIMIT_EXCHANGES_PER_HOUR, Set.of(IdentityClass.AI_AGENT));

    private final String key;
    private final String optionPrefix;
    private final Duration nominalWindow;
    private final GovernanceAttribute override;
    private final Set<IdentityClass> classes;

    CommandKind(String key, String optionPrefix, Duration nominalWindow, GovernanceAttribute override, Set<IdentityClass> classes) {
        this.key = key;
        this.optionPrefix = optionPrefix;
        this.nominalWindow = nominalWindow;
        this.override = override;
        this.classes = classes;
    }

    /** Short name used in counter keys and decision reasons. */
    public String key() {
        return key;
    }

    /** Server option naming this kind's default for a class, e.g. {@code tokens-per-minute-bot}. */
    public String limitOption(IdentityClass identityClass) {
        return optionPrefix + identityClass.value();
    }

    /** The window the limit is stated for (a minute, an hour); a server option may shorten it (tests). */
    public Duration nominalWindow() {
        return nominalWindow;
    }

    /** The user attribute that overrides the class default for one identity. */
    public GovernanceAttribute overrideAttribute() {
        return override;
    }

    /** The classes this kind is counted for; humans never are. */
    public Set<IdentityClass> classes() {
        return classes;
    }
}

package io.github.idgov.core;

/** What kind of principal acts. {@code hybrid} (an agent acting for a person) is derived from a token, never stored. */
public enum IdentityClass implements AttributeValue {
    HUMAN("human"),
    SERVICE_ACCOUNT("service-account"),
    BOT("bot"),
    AI_AGENT("ai-agent");

    private final String value;

    IdentityClass(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /** Machines must carry owner, purpose and expiry, and never log in interactively. */
    public boolean isMachine() {
        return this != HUMAN;
    }
}

package io.github.idgov.core;

/** How far an AI agent may go on its own. */
public enum Autonomy implements AttributeValue {
    OBSERVE("observe"),
    RECOMMEND("recommend"),
    ACT("act");

    /** DESIGN.md section 3: an agent without a stated autonomy only observes. */
    public static final Autonomy DEFAULT = OBSERVE;

    private final String value;

    Autonomy(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }
}

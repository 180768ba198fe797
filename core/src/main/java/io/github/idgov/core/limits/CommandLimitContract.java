package io.github.idgov.core.limits;

/** Names of the command-limit feature (issue 10), each spelled once here. */
public final class CommandLimitContract {

    /** Client-policy executor counting and limiting the token requests of non-human principals. */
    public static final String GATE_ID = "idgov-command-limit";

    /** Decision policy (audit record {@code decision.policy}). */
    public static final String POLICY = "command-limit";

    /** Response header telling a limited client when to come back (RFC 9110 section 10.2.3), in seconds. */
    public static final String RETRY_AFTER_HEADER = "Retry-After";

    private CommandLimitContract() {
    }
}

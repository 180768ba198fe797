package io.github.idgov.core.limits;

/**
 * The result of counting one request against one limit.
 *
 * @param count             the identity's count in the window, this request included
 * @param limit             the limit that applied
 * @param retryAfterSeconds when the window ends, for {@code Retry-After}
 */
public record LimitOutcome(CommandKind kind, long count, int limit, long retryAfterSeconds) {

    public boolean exceeded() {
        return count > limit;
    }

    /**
     * The first request over the limit in its window: the one that is recorded as a decision. Later refusals in the
     * same window are not recorded again (Keycloak's error event still names each), so a hammering client cannot turn
     * its own refusals into a write per request on the audit store.
     */
    public boolean firstExcess() {
        return count == (long) limit + 1;
    }

    /** English reason for the decision record; no secret in it. */
    public String describe(String windowText) {
        return kind.key() + " limit " + limit + " per " + windowText + " exceeded (request " + count + " in this window)";
    }
}

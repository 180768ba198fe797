package io.github.idgov.core.delegation;

/** Expiry of a delegated token: never later than the agent's maximum TTL, never later than the subject token. */
public final class DelegatedLifetime {

    /** Default maximum lifetime of an agent's delegated token, in seconds. */
    public static final int DEFAULT_MAX_TTL_SECONDS = 300;

    private DelegatedLifetime() {
    }

    /** Expiry (epoch seconds) = min(now + maxTtl, subject expiry); a subject without expiry bounds nothing. */
    public static long expiry(long nowSeconds, Long subjectExpiry, int maxTtlSeconds) {
        long capped = nowSeconds + maxTtlSeconds;
        return subjectExpiry == null ? capped : Math.min(capped, subjectExpiry);
    }

    /**
     * The same, counted from the token's own {@code iat} when it has one: the clock read later (a second may have
     * passed since the token was built) would give a token that lives longer than the maximum by that second.
     */
    public static long expiry(Long issuedAt, long nowSeconds, Long subjectExpiry, int maxTtlSeconds) {
        return expiry(issuedAt != null && issuedAt > 0 ? issuedAt : nowSeconds, subjectExpiry, maxTtlSeconds);
    }
}

package io.github.idgov.admin.review;

/** Names of the identity review API, each spelled once. */
final class ReviewApi {

    /** Public PKCE client of the review page, provisioned in governed realms. */
    static final String REVIEW_CLIENT_ID = "idgov-review";

    /** Provider id of the admin REST extension; it is also the path under {@code /admin/realms/{realm}/}. */
    static final String PROVIDER_ID = "identity-governance";

    /**
     * Comment of the last review, on the principal's user. Kept beside {@code identity_last_reviewed_at/_by} but
     * outside the user profile (the design's attribute list is unchanged), so only this API shows it.
     */
    static final String COMMENT_ATTRIBUTE = "identity_last_review_comment";

    /** {@code decision.policy} of the audit record a review writes. */

    /** Longest review comment accepted. */
    static final int MAX_COMMENT_LENGTH = 1024;

    /** Identities per bulk review. */
    static final int MAX_BULK = 500;

    /** An identity whose expiry lies within this many days is {@code expiring}. */
    static final int EXPIRING_DAYS = io.github.idgov.admin.index.StatusBuckets.EXPIRING_DAYS;

    /** Largest page of the list. */
    static final int MAX_PAGE = 500;

    /** Default page size. */
    static final int DEFAULT_PAGE = 50;

    /** Users read per transaction while scanning (constant memory). */
    static final int SCAN_BATCH = 200;

    private ReviewApi() {
    }
}

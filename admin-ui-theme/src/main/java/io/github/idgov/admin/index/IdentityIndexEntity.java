package io.github.idgov.admin.index;

import io.github.idgov.core.IndexedIdentity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of the review index ({@code IDGOV_IDENTITY_INDEX}): the governance facts of one identity in columns, so
 * the review API filters, sorts and counts in the database instead of reading every user's attributes.
 */
@Entity
@Table(name = "IDGOV_IDENTITY_INDEX")
public class IdentityIndexEntity {

    @Id
    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USERNAME", length = 255, nullable = false)
    private String username;

    @Column(name = "IDENTITY_CLASS", length = 32, nullable = false)
    private String identityClass;

    @Column(name = "CLASS_DERIVED", nullable = false)
    private boolean classDerived;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    @Column(name = "OWNER_NAME", length = 255)
    private String owner;

    @Column(name = "SPONSOR_NAME", length = 255)
    private String sponsor;

    @Column(name = "EXPIRES_ON", length = 10)
    private String expiresOn;

    @Column(name = "REVIEW_DUE_AT")
    private Long reviewDueAt;

    @Column(name = "OVERDUE_AFTER")
    private Long overdueAfter;

    @Column(name = "LAST_REVIEWED_AT")
    private Long lastReviewedAt;

    @Column(name = "CREATED_AT")
    private Long createdAt;

    @Column(name = "REVIEW_REQUIRED", nullable = false)
    private boolean reviewRequired;

    /** A machine without the attributes its class requires (the token gate refuses it); a fact of the row's own user. */
    @Column(name = "INCOMPLETE", nullable = false)
    private boolean incomplete;

    /** When the row was last written; a rebuild deletes the rows it did not reach (their users are gone). */
    @Column(name = "INDEXED_AT", nullable = false)
    private long indexedAt;

    /** The day of the last login or token (start of day, UTC); kept by {@link LastUse}, not by a refresh. */
    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    /** Owner or sponsor named but not an enabled human row of the realm; kept by {@link OrphanFlags}. */
    @Column(name = "ORPHANED", nullable = false)
    private boolean orphaned;

    /** Which clock predicates hold ({@link StatusBuckets} bits) for instants in [STATUS_FROM, STATUS_UNTIL). */
    @Column(name = "STATUS_MASK", nullable = false)
    private int statusMask;

    /** The primary status's rank from the mask and the flags (sort by status), valid over the same interval. */
    @Column(name = "STATUS_RANK", nullable = false)
    private int statusRank = StatusBuckets.RANK_OK;

    @Column(name = "STATUS_FROM", nullable = false)
    private long statusFrom;

    @Column(name = "STATUS_UNTIL", nullable = false)
    private long statusUntil;

    /** The {@link StatusBasis#key} the mask was computed under. */
    @Column(name = "STATUS_BASIS", length = 100)
    private String statusBasis;

    protected IdentityIndexEntity() {
        // for JPA
    }

    IdentityIndexEntity(String userId, String realmId) {
        this.userId = userId;
        this.realmId = realmId;
    }

    public String userId() {
        return userId;
    }

    Long lastUsedAt() {
        return lastUsedAt;
    }

    void lastUsedAt(long dayStart) {
        this.lastUsedAt = dayStart;
    }

    /** Recomputes the precomputed statuses at {@code now}; an unchanged answer leaves the columns (and the row) untouched. */
    void restatus(StatusBasis basis, long now) {
        StatusBuckets.Bucket bucket = StatusBuckets.at(facts(), lastUsedAt, basis, now);
        statusMask = bucket.mask();
        statusFrom = bucket.from();
        statusUntil = bucket.until();
        statusBasis = basis.key();
        rerank();
    }

    /** Whether the precomputed statuses answer for {@code now} under {@code basis}. */
    boolean statusCurrent(StatusBasis basis, long now) {
        return statusFrom <= now && now < statusUntil && basis.key().equals(statusBasis);
    }

    private void rerank() {
        statusRank = StatusBuckets.rank(statusMask, orphaned, reviewRequired, incomplete);
    }

    public String username() {
        return username;
    }

    String realmId() {
        return realmId;
    }

    boolean orphaned() {
        return orphaned;
    }

    void orphaned(boolean orphaned) {
        this.orphaned = orphaned;
        rerank();
    }

    IndexedIdentity facts() {
        return new IndexedIdentity(username, identityClass, classDerived, enabled, owner, sponsor, expiresOn, reviewDueAt,
                overdueAfter, lastReviewedAt, createdAt, reviewRequired, incomplete);
    }

    void set(IndexedIdentity facts, long now) {
        username = facts.username();
        identityClass = facts.identityClass();
        classDerived = facts.classDerived();
        enabled = facts.enabled();
        owner = facts.owner();
        sponsor = facts.sponsor();
        expiresOn = facts.expiresOn();
        reviewDueAt = facts.reviewDueAt();
        overdueAfter = facts.overdueAfter();
        lastReviewedAt = facts.lastReviewedAt();
        createdAt = facts.createdAt();
        reviewRequired = facts.reviewRequired();
        incomplete = facts.incomplete();
        indexedAt = now;
        rerank();
    }
}

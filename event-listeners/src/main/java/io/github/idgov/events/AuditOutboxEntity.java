package io.github.idgov.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Nationalized;

/**
 * One audit record waiting for one sink. Written in the transaction of the request that produced the event,
 * deleted in the transaction that delivered it: a committed event is never lost, a rolled-back one never leaves.
 */
@Entity
@Table(name = "IDGOV_AUDIT_OUTBOX")
public class AuditOutboxEntity {

    /** Characters of a record kept in the plain column; longer ones go to the large-object column. */
    static final int INLINE_PAYLOAD_MAX = 2000;

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "RECORD_ID", length = 36, nullable = false)
    private String recordId;

    @Column(name = "SINK", length = 32, nullable = false)
    private String sink;

    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "DEAD", nullable = false)
    private boolean dead;

    @Column(name = "LAST_ERROR", length = 1024)
    private String lastError;

    /** Up to {@value #INLINE_PAYLOAD_MAX} characters: nearly every record. A plain column, so no LOB storage per row. */
    @Nationalized
    @Column(name = "PAYLOAD_INLINE", length = INLINE_PAYLOAD_MAX)
    private String inlinePayload;

    /** A longer record (an admin event's representation can be large); null when the record is inline. */
    @Nationalized
    @Column(name = "PAYLOAD")
    private String payload;

    protected AuditOutboxEntity() {
        // for JPA
    }

    /** A new row; the background pass takes it from {@code firstAttemptAt} (until then its node delivers it). */
    AuditOutboxEntity(String id, String recordId, String sink, String realmId, long createdAt, long firstAttemptAt, String payload) {
        this.id = id;
        this.recordId = recordId;
        this.sink = sink;
        this.realmId = realmId;
        this.createdAt = createdAt;
        this.nextAttemptAt = firstAttemptAt;
        if (payload.length() <= INLINE_PAYLOAD_MAX) {
            this.inlinePayload = payload;
        } else {
            this.payload = payload;
        }
    }

    String getId() {
        return id;
    }

    String getRecordId() {
        return recordId;
    }

    String getSink() {
        return sink;
    }

    long getCreatedAt() {
        return createdAt;
    }

    String getPayload() {
        return inlinePayload != null ? inlinePayload : payload;
    }

    int getAttempts() {
        return attempts;
    }

    void retryAt(long when, String error) {
        attempts++;
        nextAttemptAt = when;
        lastError = truncate(error);
    }

    String getRealmId() {
        return realmId;
    }

    boolean isDead() {
        return dead;
    }

    String getLastError() {
        return lastError;
    }

    /** An administrator replays a dead letter: it is pending again, with a fresh count of attempts. */
    void revive(long now) {
        dead = false;
        attempts = 0;
        nextAttemptAt = now;
    }

    void markDead(String error) {
        attempts++;
        dead = true;
        lastError = truncate(error);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1024 ? error : error.substring(0, 1024);
    }
}

package io.github.idgov.core;

/** What happened to an identity: the {@code type} of a lifecycle audit record (DESIGN.md section 3). */
public enum LifecycleEvent {
    IDENTITY_CREATED,
    /** A class was stored where the class had been derived. */
    CLASSIFIED,
    RECLASSIFIED,
    OWNER_CHANGED,
    SPONSOR_CHANGED,
    EXPIRY_CHANGED,
    /** Any other governance attribute: purpose, environment, risk tier, autonomy, review cadence. */
    GOVERNANCE_CHANGED,
    ENABLED,
    DISABLED,
    IDENTITY_DELETED,
    CREDENTIAL_ADDED,
    CREDENTIAL_ROTATED,
    CREDENTIAL_REMOVED,
    REVIEWED
}

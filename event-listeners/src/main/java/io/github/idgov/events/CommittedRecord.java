package io.github.idgov.events;

/** An outbox row its node has committed and delivers from memory: the row stays the truth until it is deleted. */
record CommittedRecord(String rowId, String sink, String payload, long createdAt) {
}

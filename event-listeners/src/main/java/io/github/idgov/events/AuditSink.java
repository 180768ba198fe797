package io.github.idgov.events;

import java.util.List;

/** A destination for audit records. Called only from the drainer thread, never on a request thread. */
interface AuditSink extends AutoCloseable {

    /** Name used in the outbox and in the {@code sinks} option. */
    String name();

    /** Delivers canonical JSON records in order, all or nothing. */
    void deliver(List<String> records) throws DeliveryException;

    /** Called by the drainer at every background pass: a sink finishes work it defers past a batch (none by default). */
    default void idle() {
        // nothing deferred
    }

    @Override
    void close();

    /** A failed delivery: retried with backoff when retryable, dead-lettered otherwise. */
    final class DeliveryException extends Exception {

        private static final long serialVersionUID = 1L;

        private final boolean retryable;

        DeliveryException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        boolean isRetryable() {
            return retryable;
        }
    }
}

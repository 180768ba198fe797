package io.github.idgov.events;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProviderFactory;
import org.keycloak.models.ModelException;
import org.keycloak.transaction.JtaTransactionManagerLookup;

/**
 * Writes and deletes outbox rows with plain JDBC on the connection of the caller's JTA transaction. Keycloak's
 * datasource enlists every connection taken inside a JTA transaction in it (the same physical connection as the
 * session's entity manager), so a row written here commits or rolls back with the request, exactly as a persisted
 * entity would. What it saves on a request that otherwise writes nothing (client credentials, refresh, userinfo,
 * introspection) is the entity manager itself: creating it, persisting, flushing and closing it was half of the
 * outbox's cost per request in the profile.
 */
final class OutboxRows {

    private final JpaConnectionProviderFactory connections;
    private final JtaTransactionManagerLookup transactions;
    private final String table;
    private final String insert;

    OutboxRows(JpaConnectionProviderFactory connections, JtaTransactionManagerLookup transactions) {
        this.connections = connections;
        this.transactions = transactions;
        String schema = connections.getSchema();
        this.table = (schema == null || schema.isBlank() ? "" : schema + ".") + "IDGOV_AUDIT_OUTBOX";
        this.insert = "INSERT INTO " + table + " (ID, RECORD_ID, SINK, REALM_ID, CREATED_AT, NEXT_ATTEMPT_AT, ATTEMPTS, DEAD,"
                + " PAYLOAD_INLINE) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)";
    }

    /** Whether a JDBC write now would join a transaction; outside one it would commit on its own, so it must not. */
    boolean inTransaction() {
        TransactionManager manager = transactions == null ? null : transactions.getTransactionManager();
        try {
            return manager != null && manager.getStatus() == Status.STATUS_ACTIVE;
        } catch (SystemException e) {
            throw new ModelException("Cannot read the JTA transaction's status", e);
        }
    }

    /**
     * Inserts one record's rows (one per sink) in the current JTA transaction; the payload fits the inline column.
     * A failed write marks the transaction rollback-only before it throws: Keycloak logs and swallows an event
     * listener's exception, and the operation must not commit without its record.
     */
    void insert(List<CommittedRecord> rows, String recordId, String realmId, long firstAttemptAt) {
        try (Connection connection = connections.getConnection();
             PreparedStatement statement = connection.prepareStatement(insert)) {
            for (CommittedRecord row : rows) {
                statement.setString(1, row.rowId());
                statement.setString(2, recordId);
                statement.setString(3, row.sink());
                statement.setString(4, realmId);
                statement.setLong(5, row.createdAt());
                statement.setLong(6, firstAttemptAt);
                statement.setBoolean(7, false);
                statement.setString(8, row.payload());
                statement.executeUpdate();
            }
        } catch (SQLException | RuntimeException e) {
            rollbackOnly(e);
            throw new ModelException("Cannot write audit record " + recordId + " to " + table, e);
        }
    }

    /** Deletes delivered rows by id in the current JTA transaction (the drainer's job transaction). */
    void delete(List<String> ids) {
        String sql = "DELETE FROM " + table + " WHERE ID IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")";
        try (Connection connection = connections.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                statement.setString(i + 1, ids.get(i));
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new ModelException("Cannot delete " + ids.size() + " delivered audit rows from " + table, e);
        }
    }

    private void rollbackOnly(Exception cause) {
        try {
            transactions.getTransactionManager().setRollbackOnly();
        } catch (SystemException | IllegalStateException e) {
            cause.addSuppressed(e);
        }
    }
}

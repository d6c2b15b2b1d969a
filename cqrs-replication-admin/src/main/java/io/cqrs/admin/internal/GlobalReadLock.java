package io.cqrs.admin.internal;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.replication.GtidState;
import io.cqrs.common.dialect.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * How the snapshot and verify find one point in time on a source: {@code FLUSH TABLES WITH READ LOCK} on one
 * session, a consistent snapshot started on each reading session, the GTID position read, the lock released —
 * at once, or later when tables without transactions ({@link NonTransactionalTables}) must be read while it
 * holds. Released on {@link #close} whatever happened. May change at any time.
 */
public final class GlobalReadLock implements AutoCloseable {

    private final Connection holder;
    private boolean held = true;

    private GlobalReadLock(Connection holder) {
        this.holder = holder;
    }

    /** Takes the lock on {@code holder}; a denial names the privilege {@code server}'s user needs. */
    public static GlobalReadLock take(Connection holder, String server) throws SQLException {
        try (Statement st = holder.createStatement()) {
            st.execute("FLUSH TABLES WITH READ LOCK");
        } catch (SQLException e) {
            if (e.getErrorCode() == 1227 || e.getErrorCode() == 1044) {
                throw new AdminException("cannot take a consistent snapshot of " + server + ": FLUSH TABLES WITH READ LOCK was denied ("
                        + e.getMessage() + "); the user needs the RELOAD privilege (and LOCK TABLES, SELECT)", e);
            }
            throw e;
        }
        return new GlobalReadLock(holder);
    }

    /**
     * Starts a consistent snapshot (REPEATABLE READ, auto-commit off) on every session and returns the GTID
     * position they all read: nothing commits while the lock holds.
     */
    public String snapshot(List<Connection> sessions, Dialect dialect) throws SQLException {
        for (Connection s : sessions) {
            try (Statement st = s.createStatement()) {
                st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            }
            s.setAutoCommit(false);
            try (Statement st = s.createStatement()) {
                st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            }
        }
        return GtidState.one(holder, dialect.selectSnapshotPosition());
    }

    /** Releases the lock (once; later calls do nothing). */
    public void release() throws SQLException {
        if (held) {
            held = false;
            try (Statement st = holder.createStatement()) {
                st.execute("UNLOCK TABLES");
            }
        }
    }

    @Override
    public void close() throws SQLException {
        release();
    }
}

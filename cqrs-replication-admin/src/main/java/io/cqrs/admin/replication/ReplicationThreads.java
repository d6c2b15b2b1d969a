package io.cqrs.admin.replication;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * A replica's replication threads: reading their status, and waiting for them to run after a
 * start or a repoint. Written once for every command that starts replication (start-replication,
 * recover, switchover, failover, rejoin) and for the sandbox.
 */
public final class ReplicationThreads {

    private static final long POLL_MILLIS = 100;

    private ReplicationThreads() {
    }

    /** The replication status on {@code c} now ({@link ReplicationStatus#notConfigured()} without replication). */
    public static ReplicationStatus status(Connection c, Dialect d) throws SQLException {
        Map<String, String> row = statusRow(c, d);
        return row.isEmpty() ? ReplicationStatus.notConfigured() : ReplicationStatus.fromRow(row);
    }

    /** The server's SHOW REPLICA/SLAVE STATUS row as column label → value, as the server names them (empty: not a replica). */
    public static Map<String, String> statusRow(Connection c, Dialect d) throws SQLException {
        return ReplicationAdmin.statusRow(c, d);
    }

    /** Both threads run and the IO thread is connected. */
    public static boolean running(ReplicationStatus s) {
        return s.ioThread() == ReplicationStatus.IoThreadState.YES && s.sqlThreadRunning();
    }

    /**
     * An error that waiting will not clear: the applier reports an error; the IO thread stopped on an
     * error; or it keeps retrying on an error other than a failed connect (2003, 2005: the source
     * may be starting), such as 1045 (wrong password) or 2061 (needs TLS or the public key).
     */
    static boolean failed(ReplicationStatus s) {
        if (s.lastSqlErrno() != 0) {
            return true;
        }
        int io = s.lastIoErrno();
        return io != 0 && (s.ioThread() == ReplicationStatus.IoThreadState.NO || (io != 2003 && io != 2005));
    }

    /**
     * Polls {@code replica}'s status every 100 ms until both threads run, an error shows that
     * waiting will not clear ({@link #failed}), or {@code timeout} passes; returns the last status
     * read (check it with {@link #running}).
     *
     * @throws AdminException when the replica cannot be read
     */
    public static ReplicationStatus awaitRunning(ServerEndpoint replica, Duration timeout) {
        try (Connection c = replica.connect()) {
            return awaitRunning(c, replica.dialect(), replica.address(), timeout);
        } catch (SQLException e) {
            throw new AdminException("cannot read the replication status of " + replica.address() + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@link #awaitRunning(ServerEndpoint, Duration)} over a connection the caller opened (and closes)
     * to the replica at {@code address}.
     */
    public static ReplicationStatus awaitRunning(Connection c, Dialect d, String address, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                ReplicationStatus s = status(c, d);
                if (running(s) || failed(s) || System.nanoTime() >= deadline) {
                    return s;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (SQLException e) {
            throw new AdminException("cannot read the replication status of " + address + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while waiting for the replication threads of " + address);
        }
    }
}

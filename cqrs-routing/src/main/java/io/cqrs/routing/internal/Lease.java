package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.fallback.SpillLimiter;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;

/**
 * The result of a borrow, which the logical connection keeps while it holds the physical
 * connection: the connection, the endpoint it came from, the spill permit of a fallback read, and
 * what has happened on it since (statements created, anything executed, its read-only state) —
 * what first-read failover and read-only replay need to know. {@link #release} gives everything
 * back exactly once.
 *
 * <h2>Statements on the driver's connection</h2>
 * Where the pool allows it ({@link EndpointRuntime#directStatements()}), statements are created on the driver's
 * connection under the pool's proxy ({@link #statements()}): the logical connection wraps every statement anyway,
 * and HikariCP's own statement and result-set proxies around it would cost two objects and their bookkeeping per
 * statement. What those proxies do, this lease does for its statements: it closes the ones still open
 * when it is given back, and rolls back work left unfinished in a transaction (HikariCP's proxy connection
 * resets auto-commit on return, which would commit it). Failures reach the pool through the endpoint: a
 * connection-level failure retires every connection of the pool, this one when it comes back
 * ({@link EndpointRuntime#connectionFailed}).
 */
final class Lease implements EndpointBorrower.Outcome {

    private final Connection physical;
    /**
     * The driver's connection under {@link #physical} (the same object on every borrow of a pooled connection), or
     * {@code physical} when the pool does not unwrap: what movable work registers under, taken once per borrow.
     */
    private final Connection driver;
    /** Statements are created on {@link #driver}, and this lease does their bookkeeping. */
    private final boolean direct;
    private final EndpointRuntime endpoint;
    /** Holds a permit of the DataSource's spill limiter. */
    private final boolean spill;
    /** The read-only state of the physical connection: the pool's, until set. */
    private boolean readOnly;
    /** Nothing executed on it yet. */
    private boolean fresh = true;
    /** Statements created on it: 0, 1, or 2 for more (only "none" and "exactly one" matter). */
    private byte created;
    /** A direct statement not closed yet (usually the only one), or null. */
    private Statement open;
    /** Further direct statements not closed yet, or null. */
    private ArrayList<Statement> moreOpen;

    /** @param driver {@link EndpointRuntime#movableKey} of {@code physical} (the borrower takes it once, for its token check too) */
    Lease(Connection physical, Connection driver, EndpointRuntime endpoint, boolean spillPermit) {
        this.physical = physical;
        this.driver = driver;
        this.direct = endpoint.directStatements() && driver != physical;
        this.endpoint = endpoint;
        this.spill = spillPermit;
        this.readOnly = endpoint.poolReadOnly();
    }

    Connection physical() {
        return physical;
    }

    EndpointRuntime endpoint() {
        return endpoint;
    }

    /** What movable work on this lease registers under ({@link EndpointRuntime#movableKey}), the same for its whole life. */
    Connection driver() {
        return driver;
    }

    /** Where statements are created: the driver's connection on a direct lease (see the class comment), else {@link #physical}. */
    Connection statements() {
        return direct ? driver : physical;
    }

    /**
     * A statement created on {@link #statements()} through {@link StatementFactory} (arguments as there), kept to be
     * closed with this lease unless {@link #closed} first.
     */
    Statement createStatement(int kind, String sql, int type, int concurrency, int holdability, Object columns) throws SQLException {
        Statement s = StatementFactory.create(statements(), kind, sql, type, concurrency, holdability, columns);
        opened(s);
        return s;
    }

    /** {@code s} was created on {@link #statements()}: kept, to be closed with this lease unless {@link #closed} first. */
    void opened(Statement s) {
        if (!direct) {
            return; // the pool's proxy keeps it
        }
        if (open == null) {
            open = s;
        } else {
            if (moreOpen == null) {
                moreOpen = new ArrayList<>(4);
            }
            moreOpen.add(s);
        }
    }

    /** {@code s}, created on this lease (or on an earlier one: then nothing happens), was closed. */
    void closed(Statement s) {
        if (open == s) {
            open = null;
        } else if (moreOpen != null) {
            for (int i = moreOpen.size() - 1; i >= 0; i--) { // from the end: statements are mostly closed last-opened first
                if (moreOpen.get(i) == s) { // by identity: a driver's statement need not define equals
                    moreOpen.remove(i);
                    return;
                }
            }
        }
    }

    /**
     * The first statement of a read, built again here from {@code log} after it failed elsewhere
     * ({@link FirstReadFailover}): counted and kept like one the caller created.
     */
    Statement recreate(ReplayLog log) throws SQLException {
        statementCreated();
        Statement s = log.recreate(statements());
        opened(s);
        return s;
    }

    boolean onReplica() {
        return endpoint.role() == EndpointRole.REPLICA;
    }

    /**
     * A read the router meant for a replica: served by one, or by the source as the fallback of such a
     * read (only those hold a spill permit). Forced-source and read-write work never is.
     */
    boolean replicaRead() {
        return spill || onReplica();
    }

    /** Whether this lease holds a spill permit (a fallback read on the source). */
    boolean holdsSpillPermit() {
        return spill;
    }

    /** Sets the physical connection's read-only state, unless it already is {@code value}. */
    void readOnly(boolean value) throws SQLException {
        if (value != readOnly) {
            physical.setReadOnly(value);
            readOnly = value;
        }
    }

    boolean fresh() {
        return fresh;
    }

    /** A statement (or savepoint) is about to execute on it. */
    void executing() {
        fresh = false;
    }

    int created() {
        return created;
    }

    /** A statement was created on it; returns how many were created before (2 meaning two or more). */
    int statementCreated() {
        byte before = created;
        if (before < 2) {
            created = (byte) (before + 1);
        }
        return before;
    }

    /**
     * Closes the physical connection (back to its pool), then tells the endpoint and gives the spill permit back to
     * {@code limiter}. On a direct lease its open statements are closed first, and {@code unfinishedTransaction}
     * (statements ran since the last commit or rollback, auto-commit off) is rolled back; if that fails, the
     * driver's connection is closed (the server rolls back a closed session's work) and the pool evicts it.
     */
    void release(SpillLimiter limiter, boolean unfinishedTransaction) throws SQLException {
        try {
            boolean closedUnderPool = false;
            try {
                if (direct) {
                    closedUnderPool = settle(unfinishedTransaction);
                }
            } finally {
                try {
                    physical.close();
                } catch (SQLException e) {
                    if (!closedUnderPool) {
                        throw e;
                    } // else: the pool found its connection closed and evicted it, as intended
                }
            }
        } finally {
            endpoint.returned();
            if (spill) {
                limiter.release();
            }
        }
    }

    /** What the pool's statement proxies would do on return; true when the driver's connection had to be closed. */
    private boolean settle(boolean unfinishedTransaction) {
        Statement s = open;
        open = null;
        if (s != null) {
            closeQuietly(s);
        }
        if (moreOpen != null) {
            for (Statement m : moreOpen) {
                closeQuietly(m);
            }
            moreOpen = null;
        }
        if (!unfinishedTransaction) {
            return false;
        }
        try {
            physical.rollback();
            return false;
        } catch (SQLException e) {
            try {
                driver.close();
            } catch (SQLException | RuntimeException ignored) {
                // closed either way
            }
            return true;
        }
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException | RuntimeException ignored) {
            // a broken connection: the statement goes with it
        }
    }

    /** Gives a connection back that was borrowed but not handed out (a declined token check). */
    static void giveBack(EndpointRuntime rt, Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the pool evicts it
        } finally {
            rt.returned();
        }
    }
}

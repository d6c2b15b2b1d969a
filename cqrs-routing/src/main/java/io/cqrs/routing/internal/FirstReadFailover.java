package io.cqrs.routing.internal;

import io.cqrs.routing.health.FailureClassifier;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;

/**
 * First-read failover, in one place: a read whose first statement fails at the connection level on
 * a replica, or on the source serving it as fallback, runs once more elsewhere, before any result
 * reached the caller.
 *
 * <p>Why: HikariCP hands out a connection used in the last 500 ms without checking it, so right
 * after a replica dies or hangs a read can borrow a dead connection. The borrow looked fine; the
 * first statement is the first sign. The same holds for the source when it dies while it serves
 * reads no replica could take (the replica lag-excluded because its replication broke with the
 * source): the read then goes to that replica, degraded, rather than failing.
 *
 * <h2>What may move</h2>
 * Only the first statement of a read-only connection the router meant for a replica
 * ({@link Lease#replicaRead()}: on a replica, or on the source as its fallback — never a forced-source
 * or read-write one), while nothing else ran on that
 * physical connection and it was not unwrapped, and only when the failure is the endpoint's
 * ({@link FailureClassifier}) — not a query timeout the caller set. The statement may fail when it
 * is created (then it is simply created elsewhere) or at its first execution (then its
 * {@link ReplayLog} rebuilds it there with its options and plain parameters). Everything else —
 * later statements, read-write work, a statement that already returned results or was given a
 * stream, LOB or array — fails with the driver's error.
 *
 * <h2>How it moves</h2>
 * The broken physical connection goes back (the pool discards it), the router borrows again
 * avoiding that endpoint — another replica, else the source as fallback allows, else (the source
 * being the one avoided, or refusing) a lag-excluded replica as {@code DEGRADED} — and the recorded
 * session state is replayed there.
 */
final class FirstReadFailover {

    private final FailureClassifier classifier;

    FirstReadFailover(FailureClassifier classifier) {
        this.classifier = classifier;
    }

    /**
     * A read-only connection on a replica or on the source as a replica read's fallback, not
     * unwrapped: the only kind whose first read may move.
     */
    private static boolean movableConnection(Lease l, boolean readOnly, boolean escaped) {
        return l != null && readOnly && !escaped && l.replicaRead();
    }

    /**
     * For a statement of {@code kind} just created on {@code l} (counted here): a log to rebuild it
     * elsewhere when it is the first statement of a movable read-only connection, else null.
     * The log is the calling thread's reusable one; {@code ctx} is that thread's context when the
     * caller has it at hand (it just borrowed), else null.
     */
    static ReplayLog logFor(Lease l, boolean readOnly, boolean escaped, int kind, String sql, int type, int concurrency,
                            int holdability, ThreadContext ctx) {
        boolean first = l.statementCreated() == 0 && l.fresh();
        if (!first || !StatementFactory.replayable(kind) || !movableConnection(l, readOnly, escaped)) {
            return null;
        }
        return (ctx != null ? ctx : ThreadContext.current()).freeReplayLog().start(kind, sql, type, concurrency, holdability);
    }

    /** The execution about to start is still the first on {@code l}, and its only statement. */
    static boolean firstReadPending(Lease l, boolean readOnly, boolean escaped) {
        return movableConnection(l, readOnly, escaped) && l.fresh() && l.created() == 1;
    }

    /**
     * Whether creating the first statement on a fresh lease failed in a way that lets the read move
     * before anything ran there.
     */
    boolean mayMoveBeforeUse(Lease l, boolean readOnly, boolean escaped, SQLException failure) {
        return movableConnection(l, readOnly, escaped) && l.fresh() && l.created() == 0 && isEndpointFailure(failure);
    }

    /** Whether the first execution's failure lets the read move: nothing else was created meanwhile. */
    boolean mayMoveAfterFirstExecution(Lease l, boolean readOnly, boolean escaped, SQLException failure) {
        return movableConnection(l, readOnly, escaped) && l.created() == 1 && isEndpointFailure(failure);
    }

    /**
     * An endpoint failure, except a statement timeout the caller set ({@code setQueryTimeout}): the
     * query ran too long, running it again elsewhere would double the wait. Connector/J reports a
     * socket timeout (hung server) as a communications failure, SQLState 08S01.
     */
    private boolean isEndpointFailure(SQLException failure) {
        if (failure instanceof SQLTimeoutException && (failure.getSQLState() == null || !failure.getSQLState().startsWith("08"))) {
            return false;
        }
        return classifier.isEndpointFailure(failure);
    }

    /**
     * Moves {@code c} away from its broken lease when {@code failure} of creating its first
     * statement allows it (the caller then creates the statement again); throws {@code failure}
     * otherwise, or when nothing else can serve the read (with that error suppressed).
     */
    void moveBeforeUse(LogicalConnection c, SQLException failure) throws SQLException {
        if (!mayMoveBeforeUse(c.lease(), c.readOnlyFlag(), c.escaped(), failure)) {
            throw failure;
        }
        try {
            c.moveAway();
        } catch (SQLException e) {
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /**
     * After {@code failure} of the first execution of the statement {@code log} describes: moves
     * {@code c} and returns the statement built again there, to run once more; throws
     * {@code failure} when it may not move or nothing else can serve the read.
     */
    Statement moveFirstRead(LogicalConnection c, ReplayLog log, SQLException failure) throws SQLException {
        if (!mayMoveAfterFirstExecution(c.lease(), c.readOnlyFlag(), c.escaped(), failure)) {
            throw failure;
        }
        try {
            Lease moved = c.moveAway();
            moved.statementCreated();
            return log.recreate(moved.physical());
        } catch (SQLException e) {
            failure.addSuppressed(e);
            throw failure;
        }
    }
}

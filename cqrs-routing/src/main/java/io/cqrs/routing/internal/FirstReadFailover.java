package io.cqrs.routing.internal;

import io.cqrs.routing.health.FailureClassifier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;

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
 * <h2>Writes that follow a new source</h2>
 * With discovery on, the first statement on a source connection — in auto-commit, or the first of
 * a transaction, nothing else having run on that physical connection — that the source refuses as
 * read-only (1290, 1836: it did not run, nothing committed) waits, bounded, for discovery to publish
 * the next source and runs there once. Never a later statement, never a statement of a transaction
 * that already ran something.
 *
 * <h2>How it moves</h2>
 * The broken physical connection goes back (the pool discards it), the router borrows again
 * avoiding that endpoint — another replica, else the source as fallback allows, else (the source
 * being the one avoided, or refusing) a lag-excluded replica as {@code DEGRADED} — and the recorded
 * session state is replayed there.
 */
final class FirstReadFailover {

    private static final Logger LOG = LoggerFactory.getLogger(FirstReadFailover.class);

    /** ER_OPTION_PREVENTS_STATEMENT: "running with the --read-only / --super-read-only option" (MySQL and MariaDB). */
    static final int READ_ONLY_OPTION = 1290;
    /** ER_READ_ONLY_MODE: "Running in read-only mode" (MySQL). */
    static final int READ_ONLY_MODE = 1836;

    private final FailureClassifier classifier;
    private final Duration writeWait;
    private final SourceWatch watch;
    private final Supplier<Topology> topology;

    FirstReadFailover(FailureClassifier classifier) {
        this(classifier, Duration.ZERO, new SourceWatch(), null);
    }

    /**
     * @param writeWait how long a write refused by a read-only source waits for another source
     *                  ({@code cqrs.discovery.write-wait-ms})
     */
    FirstReadFailover(FailureClassifier classifier, Duration writeWait, SourceWatch watch, Supplier<Topology> topology) {
        this.classifier = classifier;
        this.writeWait = writeWait;
        this.watch = watch;
        this.topology = topology;
    }

    /**
     * A read-only connection on a replica or on the source as a replica read's fallback, not
     * unwrapped: the only kind whose first read may move.
     */
    private static boolean movableConnection(Lease l, boolean readOnly, boolean escaped) {
        return l != null && readOnly && !escaped && l.replicaRead();
    }

    /**
     * The source's own work (not a replica read's fallback), not unwrapped: its first statement may
     * follow a new source (discovery on).
     */
    private static boolean movableWrite(Lease l, boolean escaped) {
        return l != null && !escaped && !l.replicaRead();
    }

    /**
     * For a statement of {@code kind} just created on {@code l} (counted here): a log to rebuild it
     * elsewhere when it is the first statement of a movable read-only connection, else null.
     * The log is the calling thread's reusable one; {@code ctx} is that thread's context when the
     * caller has it at hand (it just borrowed), else null.
     */
    static ReplayLog logFor(Lease l, boolean readOnly, boolean escaped, boolean followWrites, int kind, String sql, int type,
                            int concurrency, int holdability, ThreadContext ctx) {
        boolean first = l.statementCreated() == 0 && l.fresh();
        if (!first || !StatementFactory.replayable(kind)
                || !(movableConnection(l, readOnly, escaped) || followWrites && movableWrite(l, escaped))) {
            return null;
        }
        return (ctx != null ? ctx : ThreadContext.current()).freeReplayLog().start(kind, sql, type, concurrency, holdability);
    }

    /**
     * The execution about to start is still the first on {@code l}, and its only statement (a read
     * on a replica, or — when its statement has a log, i.e. discovery is on — any statement on the source).
     */
    static boolean firstReadPending(Lease l, boolean readOnly, boolean escaped) {
        return (movableConnection(l, readOnly, escaped) || movableWrite(l, escaped)) && l.fresh() && l.created() == 1;
    }

    /**
     * Whether the first statement's failure on the source is a read-only refusal (1290, 1836): the
     * server did not run it, so nothing was committed, and it may run on the next source.
     */
    static boolean isReadOnlyRefusal(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == READ_ONLY_OPTION || s.getErrorCode() == READ_ONLY_MODE)) {
                return true;
            }
        }
        return false;
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
            moveAway(c, failure);
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
        Lease l = c.lease();
        if (movableWrite(l, c.escaped())) {
            return followNewSource(c, log, failure);
        }
        if (!mayMoveAfterFirstExecution(l, c.readOnlyFlag(), c.escaped(), failure)) {
            throw failure;
        }
        try {
            return moveAway(c, failure).recreate(log);
        } catch (SQLException e) {
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /**
     * {@code c}'s lease given back and another borrowed; a DEBUG line says from where to where and why (a read served
     * by the source while replicas are up is otherwise unexplained: no breaker or pool event need come of one failure).
     */
    private static Lease moveAway(LogicalConnection c, SQLException failure) throws SQLException {
        String from = c.lease().endpoint().name();
        Lease to = c.moveAway();
        LOG.debug("first read on '{}' failed at the connection level (SQLState {}, error {}); it runs on '{}'", from,
                failure.getSQLState(), failure.getErrorCode(), to.endpoint().name());
        return to;
    }

    /**
     * The source refused the first statement on this connection because it is read-only now (a
     * switchover or failover under way): wait, at most {@code cqrs.discovery.write-wait-ms}, for
     * discovery to publish another source, then build the statement there and return it to run.
     * Anything else — another error, a second statement, nothing published in time — throws
     * {@code failure} (with what was waited for, when it waited).
     */
    private Statement followNewSource(LogicalConnection c, ReplayLog log, SQLException failure) throws SQLException {
        Lease l = c.lease();
        if (topology == null || l.created() != 1 || !isReadOnlyRefusal(failure)) {
            throw failure;
        }
        EndpointRuntime refused = c.giveBack(); // waiting writes must not hold the old source's pool
        watch.refused();
        EndpointRuntime next;
        try {
            next = watch.awaitOtherThan(topology, refused, writeWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(new SQLException("interrupted while waiting for a new source", "HY000", e));
            throw failure;
        }
        if (next == null) {
            failure.addSuppressed(new SQLException("source '" + refused.name() + "' refused the write as read-only and discovery"
                    + " found no other source within " + io.cqrs.routing.DiscoveryConfig.KEY_WRITE_WAIT_MS + "="
                    + writeWait.toMillis() + "; see RoutingDataSource.topology().discovery() for why", "HY000"));
            throw failure;
        }
        try {
            return c.borrowAgain(refused).recreate(log);
        } catch (SQLException e) {
            failure.addSuppressed(e);
            throw failure;
        }
    }
}

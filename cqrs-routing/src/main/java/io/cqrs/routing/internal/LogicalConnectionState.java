package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyLevel;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.Route;
import io.cqrs.routing.RoutedConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The state half of the logical connection: what the application set, which physical connection
 * (if any) is held, and the rules for borrowing, replaying, pinning and releasing it.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Nothing is borrowed until real use ({@link #physical()}).</li>
 *   <li>State set before the borrow is recorded, and replayed on the physical connection only where
 *       it differs from what the pool hands out (HikariCP resets returned connections to its
 *       defaults; the read-only default is known per pool, the others are learned once per endpoint).
 *       Redundant sets after the borrow are skipped too.</li>
 *   <li>Pinned: auto-commit off and a statement executed since the last commit/rollback (or the
 *       physical connection was unwrapped). A pinned connection never changes endpoint; changing
 *       the read-only flag while pinned throws SQLState 25001, as JDBC says it may not be called
 *       during a transaction.</li>
 *   <li>Not pinned: a read-only change marks the connection for a re-check; the next use keeps
 *       the physical connection if its role still fits, otherwise returns it to its pool (its open
 *       statements close with it) and borrows from the right endpoint.</li>
 * </ul>
 * Not thread-safe, like most JDBC connections, except {@link #isClosed()} and close/abort.
 */
abstract class LogicalConnectionState implements RoutedConnection {

    static final int UNSET = Integer.MIN_VALUE;

    final Router router;
    /** What the caller asked for at getConnection. */
    final ConnectionSpec spec;
    /** The borrow behind {@link #physical}, or null. */
    private Lease lease;
    /** A write statement ran since the last commit/rollback (auto-commit off). */
    boolean txWrote;

    Connection physical;
    EndpointRuntime endpoint;
    /** The read-only state of the held physical connection. */
    private boolean physicalReadOnly;
    volatile boolean closed;

    boolean autoCommit = true;
    boolean readOnly;
    int isolation = UNSET;
    boolean catalogSet;
    String catalog;
    boolean schemaSet;
    String schema;
    int holdability = UNSET;
    Properties clientInfo;
    Map<String, Class<?>> typeMap;
    Executor networkExecutor;
    int networkTimeout = UNSET;

    /** A statement ran since the last commit/rollback with auto-commit off. */
    boolean txWork;
    /** The physical connection was exposed through unwrap: it stays until close. */
    boolean escaped;
    /** The read-only flag changed while a physical connection was held and not pinned. */
    boolean recheck;

    /** Nothing executed on the held physical connection yet. */
    private boolean fresh;
    /** Statements created on the held physical connection. */
    private int created;
    /** While a failed first read moves: the endpoint it failed on, which the router skips. */
    EndpointRuntime moveAwayFrom;

    LogicalConnectionState(Router router, ConnectionSpec spec) {
        this.router = router;
        this.spec = spec;
    }

    // ---- RoutedConnection ------------------------------------------------------------------

    @Override
    public Route route() {
        return spec.route();
    }

    @Override
    public String currentEndpoint() {
        EndpointRuntime e = endpoint;
        return e == null ? null : e.name();
    }

    @Override
    public boolean isPinned() {
        return physical != null && (escaped || (!autoCommit && txWork));
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    // ---- borrow / replay / release -------------------------------------------------------------

    /** The physical connection, borrowed (or re-chosen after a read-only change) if needed. */
    final Connection physical() throws SQLException {
        Connection p = physical;
        if (p != null && !recheck) {
            return p;
        }
        return acquire();
    }

    private Connection acquire() throws SQLException {
        if (closed) {
            throw closedException();
        }
        if (physical != null) {
            recheck = false;
            if (RoleRule.role(spec.route(), ThreadContext.current().scope(), readOnly) == endpoint.role()) {
                applyReadOnly();
                return physical;
            }
            release();
        }
        attach(router.borrow(router.request(spec, readOnly, moveAwayFrom)));
        try {
            endpoint.defaults(physical); // learned once per endpoint; a volatile read afterwards
            replay();
        } catch (SQLException | RuntimeException e) {
            release();
            throw e;
        }
        return physical;
    }

    /** Takes a fresh borrow. */
    private void attach(Lease l) {
        lease = l;
        physical = l.physical();
        endpoint = l.endpoint();
        physicalReadOnly = endpoint.poolReadOnly();
        fresh = true;
        created = 0;
    }

    private boolean wantedPhysicalReadOnly() {
        return endpoint.role() == EndpointRole.REPLICA ? endpoint.poolReadOnly() || readOnly : readOnly;
    }

    private void applyReadOnly() throws SQLException {
        boolean want = wantedPhysicalReadOnly();
        if (want != physicalReadOnly) {
            physical.setReadOnly(want);
            physicalReadOnly = want;
        }
    }

    /** Brings the fresh physical connection to the recorded state, skipping what already matches. */
    private void replay() throws SQLException {
        Connection p = physical;
        applyReadOnly();
        if (isolation != UNSET && isolation != endpoint.defaults(p).isolation()) {
            p.setTransactionIsolation(isolation);
        }
        if (catalogSet && !java.util.Objects.equals(catalog, endpoint.defaults(p).catalog())) {
            p.setCatalog(catalog);
        }
        if (schemaSet && !java.util.Objects.equals(schema, endpoint.defaults(p).schema())) {
            p.setSchema(schema);
        }
        if (holdability != UNSET && holdability != endpoint.defaults(p).holdability()) {
            p.setHoldability(holdability);
        }
        if (clientInfo != null) {
            p.setClientInfo(clientInfo);
        }
        if (typeMap != null) {
            p.setTypeMap(typeMap);
        }
        if (networkTimeout != UNSET) {
            p.setNetworkTimeout(networkExecutor, networkTimeout);
        }
        if (!autoCommit) {
            p.setAutoCommit(false);
        }
    }

    /** Returns the physical connection to its pool (HikariCP rolls back unfinished work and resets it). */
    final void release() throws SQLException {
        Lease l = lease;
        if (l == null) {
            return;
        }
        lease = null;
        physical = null;
        endpoint = null;
        escaped = false;
        txWork = false;
        txWrote = false;
        recheck = false;
        l.release();
    }

    // ---- moving a failed first read (see ReplayLog) ----------------------------------------------

    /**
     * For a statement being created now on the held physical connection: a log to rebuild it
     * elsewhere when it is the first statement of a read-only connection on a replica, else null.
     */
    final ReplayLog replayLog(int creation, String sql, int type, int concurrency, int holdability) {
        boolean first = created++ == 0 && fresh;
        return first && readOnly && !escaped && endpoint.role() == EndpointRole.REPLICA
                ? ReplayLog.acquire(creation, sql, type, concurrency, holdability) : null;
    }

    /** A statement that keeps no replay log was created on the held physical connection. */
    final void countStatement() {
        created++;
    }

    /** The execution about to start is still the first on the held connection, and its only statement. */
    final boolean firstReadPending() {
        return fresh && created == 1 && readOnly && !escaped && endpoint != null && endpoint.role() == EndpointRole.REPLICA;
    }

    /** Whether a failed first read may move: a connection-level failure, and nothing else ran meanwhile. */
    final boolean mayMoveAfter(SQLException failure) {
        return !closed && physical != null && created == 1 && readOnly && !escaped
                && endpoint.role() == EndpointRole.REPLICA && movesAway(failure);
    }

    /**
     * An endpoint failure, except a statement timeout the caller set ({@code setQueryTimeout}): the
     * query ran too long, running it again elsewhere would double the wait. Connector/J reports a
     * socket timeout (hung server) as a communications failure, SQLState 08S01.
     */
    private boolean movesAway(SQLException failure) {
        if (failure instanceof java.sql.SQLTimeoutException && (failure.getSQLState() == null || !failure.getSQLState().startsWith("08"))) {
            return false;
        }
        return router.runtime().classifier().isEndpointFailure(failure);
    }

    /**
     * Gives the broken physical connection back (the pool discards it), borrows from another
     * endpoint — another replica, else the source as fallback allows — and rebuilds the statement
     * there. No result has reached the caller, so the read runs exactly once where it succeeds.
     */
    final java.sql.Statement moveFirstRead(ReplayLog log) throws SQLException {
        moveAway();
        created = 1;
        return log.recreate(physical);
    }

    /**
     * Creating the first statement on a fresh replica connection of a read-only connection failed
     * at the connection level: moves to another endpoint (the caller then creates it there), or
     * throws {@code failure} when that is not the case or nothing else can serve the read.
     */
    final void moveOrThrowBeforeUse(SQLException failure) throws SQLException {
        if (closed || physical == null || !fresh || created != 0 || !readOnly || escaped
                || endpoint.role() != EndpointRole.REPLICA || !movesAway(failure)) {
            throw failure;
        }
        try {
            moveAway();
        } catch (SQLException e) {
            failure.addSuppressed(e);
            throw failure;
        }
    }

    private void moveAway() throws SQLException {
        EndpointRuntime failedAt = endpoint;
        try {
            release();
        } catch (SQLException ignored) {
            // the connection is broken; the pool has evicted it
        }
        moveAwayFrom = failedAt;
        try {
            physical();
        } finally {
            moveAwayFrom = null;
        }
    }

    // ---- transaction tracking (called by statements and the delegation half) ----------------------

    /** Before any statement executes. */
    final void beforeExecute() {
        fresh = false;
        if (!autoCommit) {
            txWork = true;
        }
    }

    /** After a statement executed successfully; {@code write}: it may have changed data. */
    final void afterExecute(boolean write) {
        if (write) {
            txWrote = true;
        }
        if (autoCommit && physical != null) {
            CommitObserver commits = router.runtime().commits();
            if (commits.active()) {
                txWrote = false;
                commits.afterCommit(endpoint, physical, true, write);
            }
        }
    }

    /** A statement or call on the physical connection failed: connection-level failures feed the breaker. */
    final SQLException failed(SQLException e) {
        EndpointRuntime rt = endpoint;
        if (rt != null) {
            rt.connectionFailed(e);
        }
        return e;
    }

    final void committed() {
        boolean hadWork = txWork;
        boolean wrote = txWrote;
        txWork = false;
        txWrote = false;
        if (hadWork && physical != null && router.runtime().commits().active()) {
            router.runtime().commits().afterCommit(endpoint, physical, false, wrote);
        }
    }

    // ---- state setters shared by the delegation half ---------------------------------------

    final void changeAutoCommit(boolean value) throws SQLException {
        checkOpen();
        if (value == autoCommit) {
            return;
        }
        if (physical != null) {
            physical.setAutoCommit(value);
        }
        autoCommit = value;
        if (value) {
            committed(); // JDBC: switching auto-commit on commits the running transaction
        }
    }

    final void changeReadOnly(boolean value) throws SQLException {
        checkOpen();
        if (value == readOnly) {
            return;
        }
        if (physical != null && escaped) {
            physical.setReadOnly(value);
            physicalReadOnly = value;
            readOnly = value;
            return;
        }
        if (isPinned()) {
            throw new SQLException("Cannot change the read-only flag to " + value + " inside a transaction"
                    + " (endpoint '" + endpoint.name() + "', auto-commit off, statements executed);"
                    + " commit or roll back first: a transaction never changes server", "25001");
        }
        readOnly = value;
        if (physical != null) {
            recheck = true;
        }
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw closedException();
        }
    }

    static SQLException closedException() {
        return new SQLException("Connection is closed", "08003");
    }

    /** The pool defaults known without a round trip: this endpoint's, else any endpoint's, else null. */
    final SessionDefaults knownDefaults() {
        if (endpoint != null) {
            SessionDefaults d = endpoint.knownDefaults();
            if (d != null) {
                return d;
            }
        }
        return router.runtime().anyKnownDefaults();
    }

    @Override
    public String toString() {
        return "RoutedConnection[route=" + spec.route() + ", readOnly=" + readOnly + ", autoCommit=" + autoCommit
                + ", endpoint=" + currentEndpoint() + ", pinned=" + isPinned() + ", closed=" + closed + "]";
    }
}

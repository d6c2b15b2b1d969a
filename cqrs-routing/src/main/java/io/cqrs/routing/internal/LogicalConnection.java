package io.cqrs.routing.internal;

import io.cqrs.routing.RoutedConnection;
import io.cqrs.routing.Route;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection {@link io.cqrs.routing.RoutingDataSource} hands out: a thin JDBC delegate over a
 * physical connection borrowed at first real use. It keeps the two settings that decide routing
 * and transactions (read-only, auto-commit) and the {@link Lease} it holds, and composes the rest:
 * the {@link Router} decides where to borrow, {@link SessionState} records and replays the other
 * session settings, {@link FirstReadFailover} moves a failed first read, and
 * {@link StatementFactory} creates every statement through one helper.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Nothing is borrowed until real use ({@link #physical()}): a statement, metadata, savepoint,
 *       LOB, {@code nativeSQL}, unwrap. {@code commit}/{@code rollback} with nothing borrowed are
 *       no-ops.</li>
 *   <li>State set before the borrow is replayed on the physical connection only where it differs
 *       from what the pool hands out; redundant sets after the borrow are skipped too.</li>
 *   <li>Pinned: auto-commit off and a statement executed since the last commit/rollback (or the
 *       physical connection was unwrapped). A pinned connection never changes endpoint; changing
 *       the read-only flag while pinned throws SQLState 25001, as JDBC says it may not be called
 *       during a transaction.</li>
 *   <li>Not pinned: a read-only change marks the connection for a re-check; the next use keeps the
 *       physical connection if its role still fits ({@link RoleRule}), otherwise gives it back (its
 *       open statements close with it) and borrows from the right endpoint.</li>
 * </ul>
 * Statements are wrapped thinly so {@code Statement.getConnection()} returns this connection and
 * executions are seen (pinning, commit capture, first-read failover); they are the driver's statements,
 * past the pool's proxies, and the {@link Lease} does those proxies' bookkeeping.
 * Not wrapped, and so reporting the pool's or the driver's objects: {@link DatabaseMetaData#getConnection()}
 * and {@link java.sql.ResultSet#getStatement()}. Objects obtained from a physical connection become
 * unusable once the logical connection moves or closes. Not thread-safe, like most JDBC
 * connections (and like HikariCP's, {@link #isClosed()} reads a plain field).
 */
public final class LogicalConnection implements RoutedConnection {

    /** What the caller asked for, and the router that borrows for it. */
    private final ConnectionSpec spec;
    /** The borrow held now, or null. */
    private Lease lease;
    /** Settings beyond auto-commit and read-only, created on the first one. */
    private SessionState session;
    /**
     * Plain, not volatile (as HikariCP's own proxy connection): a connection is used by one thread at
     * a time, and a volatile write here would put a memory fence into every connection cycle.
     */
    private boolean closed;
    private boolean autoCommit = true;
    private boolean readOnly;
    /** A statement ran since the last commit/rollback with auto-commit off. */
    private boolean txWork;
    /** A write statement ran since the last commit/rollback (auto-commit off). */
    private boolean txWrote;
    /** The physical connection was exposed through unwrap: it stays until close. */
    private boolean escaped;
    /** The read-only flag changed while a physical connection was held and not pinned. */
    private boolean recheck;

    public LogicalConnection(ConnectionSpec spec) {
        this.spec = spec;
    }

    // ---- RoutedConnection ------------------------------------------------------------------

    @Override
    public Route route() {
        return spec.route();
    }

    @Override
    public String currentEndpoint() {
        Lease l = lease;
        return l == null ? null : l.endpoint().name();
    }

    @Override
    public boolean isPinned() {
        return lease != null && (escaped || (!autoCommit && txWork));
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    // ---- borrow, apply, release --------------------------------------------------------------

    /** The physical connection, borrowed (or re-chosen after a read-only change) if needed. */
    Connection physical() throws SQLException {
        Lease l = lease;
        if (l != null && !recheck) {
            return l.physical();
        }
        return acquire(null, ThreadContext.current()).physical();
    }

    /**
     * Borrows (avoiding {@code avoid}, unless null) for work on the thread of {@code ctx}, and
     * applies the result: replays what was recorded.
     */
    private Lease acquire(EndpointRuntime avoid, ThreadContext ctx) throws SQLException {
        if (closed) {
            throw closedException();
        }
        Lease held = lease;
        if (held != null) {
            recheck = false;
            if (RoleRule.role(spec.route(), ctx.scope(), readOnly) == held.endpoint().role()) {
                held.readOnly(wantedReadOnly(held));
                return held;
            }
            release();
        }
        Router router = spec.router();
        Lease l = router.borrow(router.request(spec, ctx, readOnly, avoid));
        lease = l;
        try {
            Connection p = l.physical();
            SessionDefaults d = l.endpoint().defaults(p); // learned once per endpoint; a volatile read afterwards
            l.readOnly(wantedReadOnly(l));
            if (session != null) {
                session.replay(p, d);
            }
            if (!autoCommit) {
                p.setAutoCommit(false);
            }
        } catch (SQLException | RuntimeException e) {
            release();
            throw e;
        }
        return l;
    }

    /**
     * Replica pools may be read-only for everyone; otherwise the flag decides. On the source (a
     * forced, STRONG or fallback read) the flag routes but is not sent: the connection keeps the
     * pool's state. Sending it would cost two statements per read with Connector/J on MySQL
     * ({@code SET SESSION TRANSACTION READ ONLY}, then HikariCP's reset on return), for an InnoDB
     * optimisation that autocommit reads get anyway; the router, not the server's refusal, decides
     * where statements go (Connector/J never sends it to MariaDB either). An unwrapped connection
     * still gets what the caller sets ({@link #setReadOnly}).
     */
    private boolean wantedReadOnly(Lease l) {
        return l.onReplica() ? l.endpoint().poolReadOnly() || readOnly : l.endpoint().poolReadOnly();
    }

    /** Gives the physical connection back (it or HikariCP rolls back unfinished work, and HikariCP resets it). */
    private void release() throws SQLException {
        Lease l = lease;
        if (l == null) {
            return;
        }
        boolean unfinished = txWork;
        lease = null;
        escaped = false;
        txWork = false;
        txWrote = false;
        recheck = false;
        l.release(runtime().spill(), unfinished);
    }

    // ---- what statements and first-read failover need -----------------------------------------

    Lease lease() {
        return lease;
    }

    boolean readOnlyFlag() {
        return readOnly;
    }

    boolean escaped() {
        return escaped;
    }

    /** The broken lease goes back (its failure is known), and the connection borrows elsewhere. */
    Lease moveAway() throws SQLException {
        return borrowAgain(giveBack());
    }

    /**
     * Gives the held lease back (a refused or broken one: nothing of it is kept) and returns its
     * endpoint; the next use borrows again. For a wait that should not hold a pooled connection.
     */
    EndpointRuntime giveBack() {
        Lease held = lease;
        try {
            release();
        } catch (SQLException ignored) {
            // the connection is broken; the pool has evicted it
        }
        return held.endpoint();
    }

    /** Borrows again after {@link #giveBack()}, avoiding {@code avoid} where the role allows a choice. */
    Lease borrowAgain(EndpointRuntime avoid) throws SQLException {
        return acquire(avoid, ThreadContext.current());
    }

    /** The first read on the held connection is about to execute and may move if it fails. */
    boolean firstReadPending() {
        return FirstReadFailover.firstReadPending(lease, readOnly, escaped);
    }

    /**
     * The movable first read on the held connection starts executing: registered with its endpoint,
     * which aborts it if found unresponsive meanwhile (it then fails at once and moves). Returns the
     * slot for {@link #firstReadEnded}; {@code key} is {@link #movableKey()}, -1 when null.
     */
    int firstReadStarts(Connection key) {
        Lease l = lease;
        return l == null || key == null ? -1 : l.endpoint().movableWorkStarts(key);
    }

    /**
     * What movable work on the held connection registers under ({@link Lease#driver()}), or null: taken once per
     * execution, before it runs, and passed to both ends (the lease may change meanwhile).
     */
    Connection movableKey() {
        Lease l = lease;
        return l == null ? null : l.driver();
    }

    /** A statement of this connection was closed: {@code delegate}, what it wrapped. */
    void statementClosed(Statement delegate) {
        Lease l = lease;
        if (l != null) {
            l.closed(delegate);
        }
    }

    /** The first read that {@link #firstReadStarts} registered in {@code slot} under {@code key} returned or failed (same lease). */
    void firstReadEnded(int slot, Connection key) {
        Lease l = lease;
        if (slot >= 0 && l != null) {
            l.endpoint().movableWorkEnded(slot, key);
        }
    }

    /** The first read failed: the statement built again elsewhere, or {@code failure} thrown. */
    Statement moveFirstRead(ReplayLog log, SQLException failure) throws SQLException {
        if (closed) {
            throw failure;
        }
        return runtime().failover().moveFirstRead(this, log, failure);
    }

    /** Before any statement executes. */
    void beforeExecute() {
        Lease l = lease;
        if (l != null) {
            l.executing();
        }
        if (!autoCommit) {
            txWork = true;
        }
    }

    /** After a statement executed successfully; {@code write}: it may have changed data. */
    void afterExecute(boolean write) {
        if (write) {
            txWrote = true;
        }
        if (autoCommit) {
            Lease l = lease;
            if (l != null && !l.onReplica()) {
                CommitObserver commits = runtime().commits();
                if (commits.active()) {
                    txWrote = false;
                    commits.afterCommit(l.endpoint(), l.physical(), true, write);
                }
            }
        }
    }

    /** A statement or call on the physical connection failed: connection-level failures feed the breaker. */
    SQLException failed(SQLException e) {
        Lease l = lease;
        if (l != null) {
            l.endpoint().connectionFailed(e);
        }
        return e;
    }

    private void committed() {
        boolean hadWork = txWork;
        boolean wrote = txWrote;
        txWork = false;
        txWrote = false;
        Lease l = lease;
        if (hadWork && l != null && runtime().commits().active()) {
            runtime().commits().afterCommit(l.endpoint(), l.physical(), false, wrote);
        }
    }

    private RoutingRuntime runtime() {
        return spec.router().runtime();
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw closedException();
        }
    }

    static SQLException closedException() {
        return new SQLException("Connection is closed", "08003");
    }

    private SessionState session() {
        SessionState s = session;
        if (s == null) {
            s = new SessionState();
            session = s;
        }
        return s;
    }

    /** The pool defaults known without a round trip: the held endpoint's, else any endpoint's, else null. */
    private SessionDefaults knownDefaults() {
        Lease l = lease;
        if (l != null) {
            SessionDefaults d = l.endpoint().knownDefaults();
            if (d != null) {
                return d;
            }
        }
        return runtime().anyKnownDefaults();
    }

    /** The held physical connection, or null; never borrows. */
    private Connection held() {
        Lease l = lease;
        return l == null ? null : l.physical();
    }

    // ---- statements: one helper for every factory ----------------------------------------------

    /**
     * Creates a statement through {@link StatementFactory} and wraps it. When creating the first
     * statement of a read on a replica fails at the connection level, the connection first moves
     * ({@link FirstReadFailover#moveBeforeUse}) and creates it there.
     */
    private Statement open(int kind, String sql, int type, int concurrency, int holdability, Object columns) throws SQLException {
        try {
            return wrap(kind, sql, type, concurrency, holdability, columns);
        } catch (SQLException e) {
            runtime().failover().moveBeforeUse(this, failed(e));
        }
        try {
            return wrap(kind, sql, type, concurrency, holdability, columns);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private Statement wrap(int kind, String sql, int type, int concurrency, int holdability, Object columns) throws SQLException {
        Lease l = lease;
        ThreadContext ctx = null;
        if (l == null || recheck) {
            ctx = ThreadContext.current(); // looked up once: for the borrow, and for the replay log below
            l = acquire(null, ctx);
        }
        Statement s = l.createStatement(kind, sql, type, concurrency, holdability, columns);
        ReplayLog log = FirstReadFailover.logFor(l, readOnly, escaped, runtime().followWrites(), kind, sql, type, concurrency,
                holdability, ctx);
        return switch (kind) {
            case StatementFactory.STATEMENT -> new RoutedStatement<>(this, s, log);
            case StatementFactory.CALL -> new RoutedCallableStatement(this, (CallableStatement) s);
            default -> new RoutedPreparedStatement<>(this, (PreparedStatement) s, log);
        };
    }

    @Override
    public Statement createStatement() throws SQLException {
        return open(StatementFactory.STATEMENT, null, 0, 0, 0, null);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        return open(StatementFactory.STATEMENT, null, type, concurrency, 0, null);
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        return open(StatementFactory.STATEMENT, null, type, concurrency, holdability, null);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return (PreparedStatement) open(StatementFactory.PREPARED, sql, 0, 0, 0, null);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return (PreparedStatement) open(StatementFactory.PREPARED_KEYS, sql, autoGeneratedKeys, 0, 0, null);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return (PreparedStatement) open(StatementFactory.PREPARED_COLUMNS, sql, 0, 0, 0, columnIndexes);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return (PreparedStatement) open(StatementFactory.PREPARED_COLUMNS, sql, 0, 0, 0, columnNames);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return (PreparedStatement) open(StatementFactory.PREPARED, sql, type, concurrency, 0, null);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        return (PreparedStatement) open(StatementFactory.PREPARED, sql, type, concurrency, holdability, null);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return (CallableStatement) open(StatementFactory.CALL, sql, 0, 0, 0, null);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return (CallableStatement) open(StatementFactory.CALL, sql, type, concurrency, 0, null);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        return (CallableStatement) open(StatementFactory.CALL, sql, type, concurrency, holdability, null);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return physical().nativeSQL(sql);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return physical().getMetaData();
    }

    // ---- transactions ---------------------------------------------------------------------------

    /** Recorded; applied at once when a physical connection is held. Switching it on commits the running transaction. */
    @Override
    public void setAutoCommit(boolean value) throws SQLException {
        checkOpen();
        if (value == autoCommit) {
            return;
        }
        Connection p = held();
        if (p != null) {
            p.setAutoCommit(value);
        }
        autoCommit = value;
        if (value) {
            committed(); // JDBC: switching auto-commit on commits the running transaction
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    /** A no-op when nothing is borrowed (there is nothing to commit). */
    @Override
    public void commit() throws SQLException {
        checkOpen();
        Connection p = held();
        if (p == null) {
            return;
        }
        try {
            p.commit();
        } catch (SQLException e) {
            throw failed(e);
        }
        committed();
    }

    /** A no-op when nothing is borrowed (there is nothing to roll back). */
    @Override
    public void rollback() throws SQLException {
        checkOpen();
        Connection p = held();
        if (p == null) {
            return;
        }
        txWork = false;
        txWrote = false;
        try {
            p.rollback();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        physical().rollback(savepoint);
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        Connection p = physical();
        beforeExecute();
        return p.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        Connection p = physical();
        beforeExecute();
        return p.setSavepoint(name);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        physical().releaseSavepoint(savepoint);
    }

    // ---- the routing trigger -----------------------------------------------------------------

    /**
     * Sets the routing trigger. Before a borrow, or between transactions, it only records the flag
     * (the next use borrows from the right endpoint). Inside a transaction that has run statements
     * it throws SQLState 25001 unless the value is unchanged.
     */
    @Override
    public void setReadOnly(boolean value) throws SQLException {
        checkOpen();
        if (value == readOnly) {
            return;
        }
        Lease l = lease;
        if (l != null && escaped) {
            l.readOnly(value);
            readOnly = value;
            return;
        }
        if (isPinned()) {
            throw new SQLException("Cannot change the read-only flag to " + value + " inside a transaction"
                    + " (endpoint '" + l.endpoint().name() + "', auto-commit off, statements executed);"
                    + " commit or roll back first: a transaction never changes server", "25001");
        }
        readOnly = value;
        if (l != null) {
            recheck = true;
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    // ---- recorded session state (SessionState) -----------------------------------------------

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        Lease l = lease;
        session().isolation(level, l == null ? null : l.physical(), l == null ? null : l.endpoint().defaults(l.physical()));
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        int i = session == null ? SessionState.UNSET : session.isolation(null);
        if (i == SessionState.UNSET) {
            SessionDefaults d = knownDefaults();
            return d != null ? d.isolation() : physical().getTransactionIsolation();
        }
        return i;
    }

    @Override
    public void setCatalog(String value) throws SQLException {
        checkOpen();
        session().catalog(value, held());
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        SessionDefaults d = knownDefaults();
        SessionState s = session;
        if (s != null ? s.catalogKnown(d) : d != null) {
            return s != null ? s.catalog(d) : d.catalog();
        }
        return physical().getCatalog();
    }

    @Override
    public void setSchema(String value) throws SQLException {
        checkOpen();
        session().schema(value, held());
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        SessionDefaults d = knownDefaults();
        SessionState s = session;
        if (s != null ? s.schemaKnown(d) : d != null) {
            return s != null ? s.schema(d) : d.schema();
        }
        return physical().getSchema();
    }

    @Override
    public void setHoldability(int value) throws SQLException {
        checkOpen();
        session().holdability(value, held());
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        int h = session == null ? SessionState.UNSET : session.holdability(null);
        if (h == SessionState.UNSET) {
            SessionDefaults d = knownDefaults();
            return d != null ? d.holdability() : physical().getHoldability();
        }
        return h;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        session().typeMap(map, held());
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        Map<String, Class<?>> m = session == null ? null : session.typeMap();
        return m != null ? m : physical().getTypeMap();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        session().networkTimeout(executor, milliseconds, held());
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        int t = session == null ? SessionState.UNSET : session.networkTimeout();
        return t != SessionState.UNSET ? t : physical().getNetworkTimeout();
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw SessionState.closed(Map.of(name, ClientInfoStatus.REASON_UNKNOWN));
        }
        session().clientInfo(name, value, held());
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            throw SessionState.closed(Map.of());
        }
        session().clientInfo(properties, held());
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        Properties recorded = lease == null && session != null ? session.clientInfo() : null;
        return recorded != null ? recorded.getProperty(name) : physical().getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties recorded = lease == null && session != null ? session.clientInfo() : null;
        return recorded != null ? recorded : physical().getClientInfo();
    }

    // ---- factories, warnings, life cycle ----------------------------------------------------------

    @Override
    public Clob createClob() throws SQLException {
        return physical().createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return physical().createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return physical().createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return physical().createSQLXML();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return physical().createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return physical().createStruct(typeName, attributes);
    }

    /** Null when nothing is borrowed. */
    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        Connection p = held();
        return p == null ? null : p.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        Connection p = held();
        if (p != null) {
            p.clearWarnings();
        }
    }

    /** True while nothing is borrowed (pools validate connections when they hand them out). */
    @Override
    public boolean isValid(int timeoutSeconds) throws SQLException {
        if (timeoutSeconds < 0) {
            throw new SQLException("timeout must be >= 0, was " + timeoutSeconds, "HY000");
        }
        if (closed) {
            return false;
        }
        Connection p = held();
        return p == null || p.isValid(timeoutSeconds);
    }

    /** Returns the physical connection to its pool (which closes its open statements). Idempotent. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        Objects.requireNonNull(executor, "executor");
        if (closed) {
            return;
        }
        closed = true;
        Connection p = held();
        if (p != null) {
            try {
                p.abort(executor);
            } finally {
                try {
                    release(); // the pool evicts the aborted connection
                } catch (SQLException expected) {
                    // closing an aborted connection fails; the pool has evicted it, which is all we need
                }
            }
        }
    }

    // ---- wrapper --------------------------------------------------------------------------------

    /**
     * This connection for {@link RoutedConnection} and the JDBC interfaces; otherwise borrows and
     * unwraps the physical connection. Unwrapping pins the physical connection until close, since
     * the caller now holds it.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        Connection p = physical();
        escaped = true;
        return iface.isInstance(p) ? iface.cast(p) : p.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return true;
        }
        Connection p = physical();
        return iface.isInstance(p) || p.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "RoutedConnection[route=" + spec.route() + ", readOnly=" + readOnly + ", autoCommit=" + autoCommit
                + ", endpoint=" + currentEndpoint() + ", pinned=" + isPinned() + ", closed=" + closed + "]";
    }
}

package io.cqrs.routing.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * A thin statement wrapper: reports the logical connection from {@link #getConnection()} and tells
 * it about executions (transaction pinning, commit hook). Everything else goes straight through.
 * It wraps the driver's statement, or the pool's where the pool keeps its proxies ({@link Lease#statements()}), and tells
 * the connection when it is closed ({@link Lease#closed}). Its result sets are that statement's, so
 * {@code ResultSet.getStatement()} returns that statement, not this one.
 */
@SuppressWarnings("deprecation")
class RoutedStatement<S extends Statement> implements Statement {

    final LogicalConnection owner;
    /** Replaced once if the first read moves to another endpoint (see {@link ReplayLog}). */
    S delegate;
    /** How to build this statement again elsewhere; null when it may not move (the common case once executed). */
    ReplayLog log;

    /** {@code log} from {@link FirstReadFailover#logFor}, or null when this statement may not move. */
    RoutedStatement(LogicalConnection owner, S delegate, ReplayLog log) {
        this.owner = owner;
        this.delegate = delegate;
        this.log = log;
    }

    /**
     * The log when this execution is the first read on a freshly borrowed replica connection and may run
     * again elsewhere if it fails at the connection level. Call before {@code beforeExecute}.
     */
    final ReplayLog movable() {
        ReplayLog l = log;
        if (l == null) {
            return null;
        }
        log = null; // one chance: only the first execution can move
        if (l.replayable() && owner.firstReadPending()) {
            return l;
        }
        l.release();
        return null;
    }

    /** After a {@link #movable()} execution: its log is not needed any more. */
    static void done(ReplayLog l) {
        if (l != null) {
            l.release();
        }
    }

    /** Something ran or was set that cannot move: forget how to rebuild the statement. */
    final void dropLog() {
        ReplayLog l = log;
        if (l != null) {
            log = null;
            l.release();
        }
    }

    /**
     * After {@code failure} (already reported to the breaker) of a {@link #movable()} execution:
     * the statement rebuilt on another endpoint ({@link FirstReadFailover}), or {@code failure}
     * thrown when it may not move or nothing else can serve the read.
     */
    @SuppressWarnings("unchecked")
    final void moveOrThrow(ReplayLog l, SQLException failure) throws SQLException {
        if (l == null) {
            throw failure;
        }
        try {
            delegate = (S) owner.moveFirstRead(l, failure);
        } finally {
            l.release();
        }
    }

    @Override
    public final Connection getConnection() throws SQLException {
        if (delegate.isClosed()) {
            throw new SQLException("Statement is closed", "HY010");
        }
        return owner;
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "RoutedStatement[" + delegate + "]";
    }

    // ---- straight delegation ----
    @Override public void addBatch(String a0) throws SQLException { delegate.addBatch(a0);  dropLog(); }
    @Override public void cancel() throws SQLException { delegate.cancel(); }
    @Override public void clearBatch() throws SQLException { delegate.clearBatch(); }
    @Override public void clearWarnings() throws SQLException { delegate.clearWarnings(); }
    @Override public void close() throws SQLException {
        dropLog();
        S d = delegate;
        try { d.close(); } finally { owner.statementClosed(d); }
    }
    @Override public void closeOnCompletion() throws SQLException { delegate.closeOnCompletion();  dropLog(); }
    @Override public String enquoteIdentifier(String a0, boolean a1) throws SQLException { return delegate.enquoteIdentifier(a0, a1); }
    @Override public String enquoteLiteral(String a0) throws SQLException { return delegate.enquoteLiteral(a0); }
    @Override public String enquoteNCharLiteral(String a0) throws SQLException { return delegate.enquoteNCharLiteral(a0); }
    @Override public boolean execute(String a0, int[] a1) throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { boolean r = delegate.execute(a0, a1); owner.afterExecute(!r); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public boolean execute(String a0, String[] a1) throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { boolean r = delegate.execute(a0, a1); owner.afterExecute(!r); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public boolean execute(String a0, int a1) throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { boolean r = delegate.execute(a0, a1); owner.afterExecute(!r); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public boolean execute(String a0) throws SQLException {
        ReplayLog movable = movable();
        owner.beforeExecute();
        Connection watchedOn = movable == null ? null : owner.movableKey();
        int watched = owner.firstReadStarts(watchedOn);
        try { boolean r; try { r = delegate.execute(a0); } finally { owner.firstReadEnded(watched, watchedOn); } owner.afterExecute(!r); done(movable); return r; } catch (SQLException e) {
            SQLException f = owner.failed(e);
            moveOrThrow(movable, f);
        }
        owner.beforeExecute();
        try { boolean r = delegate.execute(a0); owner.afterExecute(!r); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public int[] executeBatch() throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { int[] r = delegate.executeBatch(); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public long[] executeLargeBatch() throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { long[] r = delegate.executeLargeBatch(); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public long executeLargeUpdate(String a0, int[] a1) throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { long r = delegate.executeLargeUpdate(a0, a1); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public long executeLargeUpdate(String a0, String[] a1) throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { long r = delegate.executeLargeUpdate(a0, a1); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public long executeLargeUpdate(String a0, int a1) throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { long r = delegate.executeLargeUpdate(a0, a1); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public long executeLargeUpdate(String a0) throws SQLException {
        ReplayLog movable = movable();
        owner.beforeExecute();
        try { long r = delegate.executeLargeUpdate(a0); owner.afterExecute(true); done(movable); return r; } catch (SQLException e) {
            moveOrThrow(movable, owner.failed(e));
        }
        owner.beforeExecute();
        try { long r = delegate.executeLargeUpdate(a0); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public ResultSet executeQuery(String a0) throws SQLException {
        ReplayLog movable = movable();
        owner.beforeExecute();
        Connection watchedOn = movable == null ? null : owner.movableKey();
        int watched = owner.firstReadStarts(watchedOn);
        try { ResultSet r; try { r = delegate.executeQuery(a0); } finally { owner.firstReadEnded(watched, watchedOn); } owner.afterExecute(false); done(movable); return r; } catch (SQLException e) {
            SQLException f = owner.failed(e);
            moveOrThrow(movable, f);
        }
        owner.beforeExecute();
        try { ResultSet r = delegate.executeQuery(a0); owner.afterExecute(false); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public int executeUpdate(String a0, int[] a1) throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { int r = delegate.executeUpdate(a0, a1); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public int executeUpdate(String a0, String[] a1) throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { int r = delegate.executeUpdate(a0, a1); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public int executeUpdate(String a0, int a1) throws SQLException {
        dropLog();
        owner.beforeExecute();
        try { int r = delegate.executeUpdate(a0, a1); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public int executeUpdate(String a0) throws SQLException {
        ReplayLog movable = movable();
        owner.beforeExecute();
        try { int r = delegate.executeUpdate(a0); owner.afterExecute(true); done(movable); return r; } catch (SQLException e) {
            moveOrThrow(movable, owner.failed(e));
        }
        owner.beforeExecute();
        try { int r = delegate.executeUpdate(a0); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public int getFetchDirection() throws SQLException { return delegate.getFetchDirection(); }
    @Override public int getFetchSize() throws SQLException { return delegate.getFetchSize(); }
    @Override public ResultSet getGeneratedKeys() throws SQLException { return delegate.getGeneratedKeys(); }
    @Override public long getLargeMaxRows() throws SQLException { return delegate.getLargeMaxRows(); }
    @Override public long getLargeUpdateCount() throws SQLException { return delegate.getLargeUpdateCount(); }
    @Override public int getMaxFieldSize() throws SQLException { return delegate.getMaxFieldSize(); }
    @Override public int getMaxRows() throws SQLException { return delegate.getMaxRows(); }
    @Override public boolean getMoreResults() throws SQLException { return delegate.getMoreResults(); }
    @Override public boolean getMoreResults(int a0) throws SQLException { return delegate.getMoreResults(a0); }
    @Override public int getQueryTimeout() throws SQLException { return delegate.getQueryTimeout(); }
    @Override public ResultSet getResultSet() throws SQLException { return delegate.getResultSet(); }
    @Override public int getResultSetConcurrency() throws SQLException { return delegate.getResultSetConcurrency(); }
    @Override public int getResultSetHoldability() throws SQLException { return delegate.getResultSetHoldability(); }
    @Override public int getResultSetType() throws SQLException { return delegate.getResultSetType(); }
    @Override public int getUpdateCount() throws SQLException { return delegate.getUpdateCount(); }
    @Override public SQLWarning getWarnings() throws SQLException { return delegate.getWarnings(); }
    @Override public boolean isCloseOnCompletion() throws SQLException { return delegate.isCloseOnCompletion(); }
    @Override public boolean isClosed() throws SQLException { return delegate.isClosed(); }
    @Override public boolean isPoolable() throws SQLException { return delegate.isPoolable(); }
    @Override public boolean isSimpleIdentifier(String a0) throws SQLException { return delegate.isSimpleIdentifier(a0); }
    @Override public void setCursorName(String a0) throws SQLException { delegate.setCursorName(a0);  dropLog(); }
    @Override public void setEscapeProcessing(boolean a0) throws SQLException { delegate.setEscapeProcessing(a0);  dropLog(); }
    @Override public void setFetchDirection(int a0) throws SQLException { delegate.setFetchDirection(a0);  dropLog(); }
    @Override public void setFetchSize(int a0) throws SQLException { delegate.setFetchSize(a0); if (log != null) { log.fetchSize(a0); } }
    @Override public void setLargeMaxRows(long a0) throws SQLException { delegate.setLargeMaxRows(a0);  dropLog(); }
    @Override public void setMaxFieldSize(int a0) throws SQLException { delegate.setMaxFieldSize(a0);  dropLog(); }
    @Override public void setMaxRows(int a0) throws SQLException { delegate.setMaxRows(a0); if (log != null) { log.maxRows(a0); } }
    @Override public void setPoolable(boolean a0) throws SQLException { delegate.setPoolable(a0);  dropLog(); }
    @Override public void setQueryTimeout(int a0) throws SQLException { delegate.setQueryTimeout(a0); if (log != null) { log.queryTimeout(a0); } }
}

package io.cqrs.bench.stub;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;

/**
 * A statement whose queries return one row and whose updates count 1. The row is the constant
 * 42, except for the few server questions the router asks (see {@link StubServer#answer}).
 */
final class StubPreparedStatement extends AbstractStubPreparedStatement {

    private final StubConnection connection;
    private final String sql;
    private boolean closed;
    private int queryTimeout;

    StubPreparedStatement(StubConnection connection, String sql) {
        this.connection = connection;
        this.sql = sql;
    }

    @Override public ResultSet executeQuery() { return new StubResultSet(this, sql); }
    @Override public ResultSet executeQuery(String sql) { return new StubResultSet(this, sql); }
    @Override public int executeUpdate() { return 1; }
    @Override public int executeUpdate(String sql) { return 1; }
    @Override public boolean execute() { return false; }
    @Override public boolean execute(String sql) { return false; }
    @Override public void setLong(int i, long v) { }
    @Override public void setInt(int i, int v) { }
    @Override public void setString(int i, String v) { }
    @Override public void setBigDecimal(int i, java.math.BigDecimal v) { }
    @Override public void setQueryTimeout(int seconds) { this.queryTimeout = seconds; }
    @Override public int getQueryTimeout() { return queryTimeout; }
    @Override public int getUpdateCount() { return -1; }
    @Override public ResultSet getResultSet() { return null; }
    @Override public boolean getMoreResults() { return false; }
    @Override public SQLWarning getWarnings() { return null; }
    @Override public void clearWarnings() { }
    @Override public void close() { closed = true; }
    @Override public boolean isClosed() { return closed; }
    @Override public Connection getConnection() { return connection; }
    @Override public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }
    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}

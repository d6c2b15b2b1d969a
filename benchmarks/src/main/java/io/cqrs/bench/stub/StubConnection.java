package io.cqrs.bench.stub;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.concurrent.Executor;

/** A connection that keeps its session state in fields and never talks to a server. */
final class StubConnection extends AbstractStubConnection {

    final String endpoint;
    private boolean autoCommit = true;
    private boolean readOnly;
    private int isolation = TRANSACTION_REPEATABLE_READ;
    private String catalog = "";
    private String schema = "";
    private int networkTimeout;
    private int holdability = java.sql.ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private boolean closed;

    StubConnection(String endpoint) {
        this.endpoint = endpoint;
    }

    @Override public Statement createStatement() { return new StubPreparedStatement(this, null); }
    @Override public PreparedStatement prepareStatement(String sql) { return new StubPreparedStatement(this, sql); }
    @Override public PreparedStatement prepareStatement(String sql, int a, int b) { return new StubPreparedStatement(this, sql); }
    @Override public void setAutoCommit(boolean autoCommit) { this.autoCommit = autoCommit; }
    @Override public boolean getAutoCommit() { return autoCommit; }
    @Override public void commit() { }
    @Override public void rollback() { }
    @Override public void close() { closed = true; }
    @Override public boolean isClosed() { return closed; }
    @Override public void setReadOnly(boolean readOnly) { this.readOnly = readOnly; }
    @Override public boolean isReadOnly() { return readOnly; }
    @Override public void setCatalog(String catalog) { this.catalog = catalog; }
    @Override public String getCatalog() { return catalog; }
    @Override public void setTransactionIsolation(int level) { this.isolation = level; }
    @Override public int getTransactionIsolation() { return isolation; }
    @Override public SQLWarning getWarnings() { return null; }
    @Override public void clearWarnings() { }
    @Override public void setHoldability(int holdability) { this.holdability = holdability; }
    @Override public int getHoldability() { return holdability; }
    @Override public boolean isValid(int timeout) { return !closed; }
    @Override public void setSchema(String schema) { this.schema = schema; }
    @Override public String getSchema() { return schema; }
    @Override public void abort(Executor executor) { closed = true; }
    @Override public void setNetworkTimeout(Executor executor, int millis) { this.networkTimeout = millis; }
    @Override public int getNetworkTimeout() { return networkTimeout; }
    @Override public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }
    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}

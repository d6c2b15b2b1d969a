package io.cqrs.routing.internal;

import io.cqrs.routing.ConsistencyLevel;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.Route;

import java.sql.Array;
import java.sql.Blob;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Struct;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The delegation half of the logical connection: every other {@link java.sql.Connection} method (statement
 * factories: {@link LogicalConnectionStatements}), each
 * either answered from recorded state (no borrow), recorded for replay, or forwarded to the
 * physical connection (borrowing it first). State rules live in {@link LogicalConnectionState}.
 *
 * <p>Statements are wrapped thinly so {@code Statement.getConnection()} returns this connection and
 * executions are seen (for transaction pinning). Not wrapped, and so reporting the pooled
 * connection/statement: {@link DatabaseMetaData#getConnection()} and
 * {@link java.sql.ResultSet#getStatement()}. Objects obtained from a physical connection
 * (statements, metadata, LOBs) become unusable once the logical connection moves to another
 * endpoint or closes.
 */
public final class LogicalConnection extends LogicalConnectionStatements {

    public LogicalConnection(Router router, ConnectionSpec spec) {
        super(router, spec);
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

    @Override
    public void setAutoCommit(boolean value) throws SQLException {
        changeAutoCommit(value);
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
        if (physical == null) {
            return;
        }
        try {
            physical.commit();
        } catch (SQLException e) {
            throw failed(e);
        }
        committed();
    }

    /** A no-op when nothing is borrowed (there is nothing to roll back). */
    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (physical == null) {
            return;
        }
        txWork = false;
        txWrote = false;
        try {
            physical.rollback();
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
        beforeExecute();
        return physical().setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        beforeExecute();
        return physical().setSavepoint(name);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        physical().releaseSavepoint(savepoint);
    }

    // ---- recorded state -----------------------------------------------------------------------

    /**
     * Sets the routing trigger. Before a borrow, or between transactions, it only records the flag
     * (the next use borrows from the right endpoint). Inside a transaction that has run statements
     * it throws SQLState 25001 unless the value is unchanged.
     */
    @Override
    public void setReadOnly(boolean value) throws SQLException {
        changeReadOnly(value);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (physical != null) {
            int current = isolation != UNSET ? isolation : endpoint.defaults(physical).isolation();
            if (current != level) {
                physical.setTransactionIsolation(level);
            }
        }
        isolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        if (isolation != UNSET) {
            return isolation;
        }
        SessionDefaults d = knownDefaults();
        return d != null ? d.isolation() : physical().getTransactionIsolation();
    }

    @Override
    public void setCatalog(String value) throws SQLException {
        checkOpen();
        if (physical != null) {
            physical.setCatalog(value);
        }
        catalog = value;
        catalogSet = true;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        if (catalogSet) {
            return catalog;
        }
        SessionDefaults d = knownDefaults();
        return d != null ? d.catalog() : physical().getCatalog();
    }

    @Override
    public void setSchema(String value) throws SQLException {
        checkOpen();
        if (physical != null) {
            physical.setSchema(value);
        }
        schema = value;
        schemaSet = true;
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        if (schemaSet) {
            return schema;
        }
        SessionDefaults d = knownDefaults();
        return d != null ? d.schema() : physical().getSchema();
    }

    @Override
    public void setHoldability(int value) throws SQLException {
        checkOpen();
        if (physical != null && value != holdability) {
            physical.setHoldability(value);
        }
        holdability = value;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        if (holdability != UNSET) {
            return holdability;
        }
        SessionDefaults d = knownDefaults();
        return d != null ? d.holdability() : physical().getHoldability();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (physical != null) {
            physical.setTypeMap(map);
        }
        typeMap = map;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return typeMap != null ? typeMap : physical().getTypeMap();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("network timeout must be >= 0, was " + milliseconds, "HY000");
        }
        if (physical != null) {
            physical.setNetworkTimeout(executor, milliseconds);
        }
        networkExecutor = executor;
        networkTimeout = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeout != UNSET ? networkTimeout : physical().getNetworkTimeout();
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("Connection is closed", "08003", 0, Map.of(name, ClientInfoStatus.REASON_UNKNOWN));
        }
        if (physical != null) {
            physical.setClientInfo(name, value);
        }
        if (clientInfo == null) {
            clientInfo = new Properties();
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("Connection is closed", "08003", 0, Map.of());
        }
        if (physical != null) {
            physical.setClientInfo(properties);
        }
        Properties copy = new Properties();
        if (properties != null) {
            copy.putAll(properties);
        }
        clientInfo = copy;
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        if (physical == null && clientInfo != null) {
            return clientInfo.getProperty(name);
        }
        return physical().getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        if (physical == null && clientInfo != null) {
            Properties copy = new Properties();
            copy.putAll(clientInfo);
            return copy;
        }
        return physical().getClientInfo();
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
        return physical == null ? null : physical.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        if (physical != null) {
            physical.clearWarnings();
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
        return physical == null || physical.isValid(timeoutSeconds);
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
        if (physical != null) {
            try {
                physical.abort(executor);
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
     * This connection for {@link io.cqrs.routing.RoutedConnection} and the JDBC interfaces;
     * otherwise borrows and unwraps the physical connection. Unwrapping pins the physical
     * connection until close, since the caller now holds it.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        java.sql.Connection p = physical();
        escaped = true;
        return iface.isInstance(p) ? iface.cast(p) : p.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return true;
        }
        java.sql.Connection p = physical();
        return iface.isInstance(p) || p.isWrapperFor(iface);
    }
}

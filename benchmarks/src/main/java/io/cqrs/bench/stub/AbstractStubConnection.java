package io.cqrs.bench.stub;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.*;
import java.util.Calendar;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/** Base of the no-I/O connection. Generated from the java.sql interfaces: every method throws until a subclass overrides it. */
@SuppressWarnings({"deprecation", "unchecked", "rawtypes"})
abstract class AbstractStubConnection implements Connection {

    @Override public Statement createStatement() throws SQLException { throw unsupported("createStatement"); }
    @Override public PreparedStatement prepareStatement(String p0) throws SQLException { throw unsupported("prepareStatement"); }
    @Override public CallableStatement prepareCall(String p0) throws SQLException { throw unsupported("prepareCall"); }
    @Override public String nativeSQL(String p0) throws SQLException { throw unsupported("nativeSQL"); }
    @Override public void setAutoCommit(boolean p0) throws SQLException { throw unsupported("setAutoCommit"); }
    @Override public boolean getAutoCommit() throws SQLException { throw unsupported("getAutoCommit"); }
    @Override public void commit() throws SQLException { throw unsupported("commit"); }
    @Override public void rollback() throws SQLException { throw unsupported("rollback"); }
    @Override public void close() throws SQLException { throw unsupported("close"); }
    @Override public boolean isClosed() throws SQLException { throw unsupported("isClosed"); }
    @Override public DatabaseMetaData getMetaData() throws SQLException { throw unsupported("getMetaData"); }
    @Override public void setReadOnly(boolean p0) throws SQLException { throw unsupported("setReadOnly"); }
    @Override public boolean isReadOnly() throws SQLException { throw unsupported("isReadOnly"); }
    @Override public void setCatalog(String p0) throws SQLException { throw unsupported("setCatalog"); }
    @Override public String getCatalog() throws SQLException { throw unsupported("getCatalog"); }
    @Override public void setTransactionIsolation(int p0) throws SQLException { throw unsupported("setTransactionIsolation"); }
    @Override public int getTransactionIsolation() throws SQLException { throw unsupported("getTransactionIsolation"); }
    @Override public SQLWarning getWarnings() throws SQLException { throw unsupported("getWarnings"); }
    @Override public void clearWarnings() throws SQLException { throw unsupported("clearWarnings"); }
    @Override public Statement createStatement(int p0, int p1) throws SQLException { throw unsupported("createStatement"); }
    @Override public PreparedStatement prepareStatement(String p0, int p1, int p2) throws SQLException { throw unsupported("prepareStatement"); }
    @Override public CallableStatement prepareCall(String p0, int p1, int p2) throws SQLException { throw unsupported("prepareCall"); }
    @Override public Map<String, Class<?>> getTypeMap() throws SQLException { throw unsupported("getTypeMap"); }
    @Override public void setTypeMap(Map<String, Class<?>> p0) throws SQLException { throw unsupported("setTypeMap"); }
    @Override public void setHoldability(int p0) throws SQLException { throw unsupported("setHoldability"); }
    @Override public int getHoldability() throws SQLException { throw unsupported("getHoldability"); }
    @Override public Savepoint setSavepoint() throws SQLException { throw unsupported("setSavepoint"); }
    @Override public Savepoint setSavepoint(String p0) throws SQLException { throw unsupported("setSavepoint"); }
    @Override public void rollback(Savepoint p0) throws SQLException { throw unsupported("rollback"); }
    @Override public void releaseSavepoint(Savepoint p0) throws SQLException { throw unsupported("releaseSavepoint"); }
    @Override public Statement createStatement(int p0, int p1, int p2) throws SQLException { throw unsupported("createStatement"); }
    @Override public PreparedStatement prepareStatement(String p0, int p1, int p2, int p3) throws SQLException { throw unsupported("prepareStatement"); }
    @Override public CallableStatement prepareCall(String p0, int p1, int p2, int p3) throws SQLException { throw unsupported("prepareCall"); }
    @Override public PreparedStatement prepareStatement(String p0, int p1) throws SQLException { throw unsupported("prepareStatement"); }
    @Override public PreparedStatement prepareStatement(String p0, int[] p1) throws SQLException { throw unsupported("prepareStatement"); }
    @Override public PreparedStatement prepareStatement(String p0, String[] p1) throws SQLException { throw unsupported("prepareStatement"); }
    @Override public Clob createClob() throws SQLException { throw unsupported("createClob"); }
    @Override public Blob createBlob() throws SQLException { throw unsupported("createBlob"); }
    @Override public NClob createNClob() throws SQLException { throw unsupported("createNClob"); }
    @Override public SQLXML createSQLXML() throws SQLException { throw unsupported("createSQLXML"); }
    @Override public boolean isValid(int p0) throws SQLException { throw unsupported("isValid"); }
    @Override public void setClientInfo(String p0, String p1) throws SQLClientInfoException { throw new UnsupportedOperationException("stub: setClientInfo"); }
    @Override public void setClientInfo(Properties p0) throws SQLClientInfoException { throw new UnsupportedOperationException("stub: setClientInfo"); }
    @Override public String getClientInfo(String p0) throws SQLException { throw unsupported("getClientInfo"); }
    @Override public Properties getClientInfo() throws SQLException { throw unsupported("getClientInfo"); }
    @Override public Array createArrayOf(String p0, Object[] p1) throws SQLException { throw unsupported("createArrayOf"); }
    @Override public Struct createStruct(String p0, Object[] p1) throws SQLException { throw unsupported("createStruct"); }
    @Override public void setSchema(String p0) throws SQLException { throw unsupported("setSchema"); }
    @Override public String getSchema() throws SQLException { throw unsupported("getSchema"); }
    @Override public void abort(Executor p0) throws SQLException { throw unsupported("abort"); }
    @Override public void setNetworkTimeout(Executor p0, int p1) throws SQLException { throw unsupported("setNetworkTimeout"); }
    @Override public int getNetworkTimeout() throws SQLException { throw unsupported("getNetworkTimeout"); }
    @Override public <T> T unwrap(Class<T> p0) throws SQLException { throw unsupported("unwrap"); }
    @Override public boolean isWrapperFor(Class<?> p0) throws SQLException { throw unsupported("isWrapperFor"); }

    static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("the benchmark stub driver does not implement " + method);
    }
}

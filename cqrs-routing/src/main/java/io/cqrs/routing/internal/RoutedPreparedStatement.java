package io.cqrs.routing.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/** {@link RoutedStatement} for prepared statements. */
@SuppressWarnings("deprecation")
class RoutedPreparedStatement<S extends PreparedStatement> extends RoutedStatement<S> implements PreparedStatement {

    RoutedPreparedStatement(LogicalConnection owner, S delegate, ReplayLog log) {
        super(owner, delegate, log);
    }

    /** Values a replay can set again as they are; anything else (streams, LOBs, arrays...) is not replayed. */
    private static boolean plain(Object v) {
        return v == null || v instanceof Number || v instanceof CharSequence || v instanceof Boolean
                || v instanceof Character || v instanceof java.util.Date || v instanceof java.time.temporal.Temporal
                || v instanceof java.util.UUID || v instanceof Enum<?>;
    }

    private void record(int i, Object v) {
        if (plain(v)) {
            log.set(i, v);
        } else {
            log.poison();
        }
    }

    @Override public void addBatch() throws SQLException { delegate.addBatch(); dropLog(); }
    @Override public void clearParameters() throws SQLException { delegate.clearParameters(); if (log != null) { log.clearParameters(); } }
    @Override public boolean execute() throws SQLException {
        ReplayLog movable = movable();
        owner.beforeExecute();
        Connection watchedOn = movable == null ? null : owner.movableKey();
        int watched = owner.firstReadStarts(watchedOn);
        try { boolean r; try { r = delegate.execute(); } finally { owner.firstReadEnded(watched, watchedOn); } owner.afterExecute(!r); done(movable); return r; } catch (SQLException e) {
            moveOrThrow(movable, owner.failed(e));
        }
        owner.beforeExecute();
        try { boolean r = delegate.execute(); owner.afterExecute(!r); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public long executeLargeUpdate() throws SQLException {
        ReplayLog movable = movable();
        owner.beforeExecute();
        try { long r = delegate.executeLargeUpdate(); owner.afterExecute(true); done(movable); return r; } catch (SQLException e) {
            moveOrThrow(movable, owner.failed(e));
        }
        owner.beforeExecute();
        try { long r = delegate.executeLargeUpdate(); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public ResultSet executeQuery() throws SQLException {
        ReplayLog movable = movable();
        owner.beforeExecute();
        Connection watchedOn = movable == null ? null : owner.movableKey();
        int watched = owner.firstReadStarts(watchedOn);
        try { ResultSet r; try { r = delegate.executeQuery(); } finally { owner.firstReadEnded(watched, watchedOn); } owner.afterExecute(false); done(movable); return r; } catch (SQLException e) {
            moveOrThrow(movable, owner.failed(e));
        }
        owner.beforeExecute();
        try { ResultSet r = delegate.executeQuery(); owner.afterExecute(false); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public int executeUpdate() throws SQLException {
        ReplayLog movable = movable();
        owner.beforeExecute();
        try { int r = delegate.executeUpdate(); owner.afterExecute(true); done(movable); return r; } catch (SQLException e) {
            moveOrThrow(movable, owner.failed(e));
        }
        owner.beforeExecute();
        try { int r = delegate.executeUpdate(); owner.afterExecute(true); return r; } catch (SQLException e) { throw owner.failed(e); }
    }
    @Override public ResultSetMetaData getMetaData() throws SQLException { return delegate.getMetaData(); }
    @Override public ParameterMetaData getParameterMetaData() throws SQLException { return delegate.getParameterMetaData(); }
    @Override public void setArray(int a0, Array a1) throws SQLException { delegate.setArray(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setAsciiStream(int a0, InputStream a1, int a2) throws SQLException { delegate.setAsciiStream(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setAsciiStream(int a0, InputStream a1, long a2) throws SQLException { delegate.setAsciiStream(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setAsciiStream(int a0, InputStream a1) throws SQLException { delegate.setAsciiStream(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setBigDecimal(int a0, BigDecimal a1) throws SQLException { delegate.setBigDecimal(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setBinaryStream(int a0, InputStream a1, int a2) throws SQLException { delegate.setBinaryStream(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setBinaryStream(int a0, InputStream a1, long a2) throws SQLException { delegate.setBinaryStream(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setBinaryStream(int a0, InputStream a1) throws SQLException { delegate.setBinaryStream(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setBlob(int a0, InputStream a1, long a2) throws SQLException { delegate.setBlob(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setBlob(int a0, InputStream a1) throws SQLException { delegate.setBlob(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setBlob(int a0, Blob a1) throws SQLException { delegate.setBlob(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setBoolean(int a0, boolean a1) throws SQLException { delegate.setBoolean(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setByte(int a0, byte a1) throws SQLException { delegate.setByte(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setBytes(int a0, byte[] a1) throws SQLException { delegate.setBytes(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setCharacterStream(int a0, Reader a1, int a2) throws SQLException { delegate.setCharacterStream(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setCharacterStream(int a0, Reader a1, long a2) throws SQLException { delegate.setCharacterStream(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setCharacterStream(int a0, Reader a1) throws SQLException { delegate.setCharacterStream(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setClob(int a0, Reader a1, long a2) throws SQLException { delegate.setClob(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setClob(int a0, Reader a1) throws SQLException { delegate.setClob(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setClob(int a0, Clob a1) throws SQLException { delegate.setClob(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setDate(int a0, Date a1, Calendar a2) throws SQLException { delegate.setDate(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setDate(int a0, Date a1) throws SQLException { delegate.setDate(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setDouble(int a0, double a1) throws SQLException { delegate.setDouble(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setFloat(int a0, float a1) throws SQLException { delegate.setFloat(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setInt(int a0, int a1) throws SQLException { delegate.setInt(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setLong(int a0, long a1) throws SQLException { delegate.setLong(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setNCharacterStream(int a0, Reader a1, long a2) throws SQLException { delegate.setNCharacterStream(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setNCharacterStream(int a0, Reader a1) throws SQLException { delegate.setNCharacterStream(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setNClob(int a0, Reader a1, long a2) throws SQLException { delegate.setNClob(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setNClob(int a0, Reader a1) throws SQLException { delegate.setNClob(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setNClob(int a0, NClob a1) throws SQLException { delegate.setNClob(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setNString(int a0, String a1) throws SQLException { delegate.setNString(a0, a1); if (log != null) { log.setNString(a0, a1); } }
    @Override public void setNull(int a0, int a1, String a2) throws SQLException { delegate.setNull(a0, a1, a2); if (log != null) { log.setNullTyped(a0, a1, a2); } }
    @Override public void setNull(int a0, int a1) throws SQLException { delegate.setNull(a0, a1); if (log != null) { log.setNull(a0, a1); } }
    @Override public void setObject(int a0, Object a1, int a2, int a3) throws SQLException { delegate.setObject(a0, a1, a2, a3); if (log != null) { log.poison(); } }
    @Override public void setObject(int a0, Object a1, int a2) throws SQLException { delegate.setObject(a0, a1, a2); if (log != null) { if (plain(a1)) { log.set(a0, a1, a2); } else { log.poison(); } } }
    @Override public void setObject(int a0, Object a1, SQLType a2, int a3) throws SQLException { delegate.setObject(a0, a1, a2, a3); if (log != null) { log.poison(); } }
    @Override public void setObject(int a0, Object a1, SQLType a2) throws SQLException { delegate.setObject(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setObject(int a0, Object a1) throws SQLException { delegate.setObject(a0, a1); if (log != null) { record(a0, a1); } }
    @Override public void setRef(int a0, Ref a1) throws SQLException { delegate.setRef(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setRowId(int a0, RowId a1) throws SQLException { delegate.setRowId(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setSQLXML(int a0, SQLXML a1) throws SQLException { delegate.setSQLXML(a0, a1); if (log != null) { log.poison(); } }
    @Override public void setShort(int a0, short a1) throws SQLException { delegate.setShort(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setString(int a0, String a1) throws SQLException { delegate.setString(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setTime(int a0, Time a1, Calendar a2) throws SQLException { delegate.setTime(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setTime(int a0, Time a1) throws SQLException { delegate.setTime(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setTimestamp(int a0, Timestamp a1, Calendar a2) throws SQLException { delegate.setTimestamp(a0, a1, a2); if (log != null) { log.poison(); } }
    @Override public void setTimestamp(int a0, Timestamp a1) throws SQLException { delegate.setTimestamp(a0, a1); if (log != null) { log.set(a0, a1); } }
    @Override public void setURL(int a0, URL a1) throws SQLException { delegate.setURL(a0, a1); if (log != null) { log.poison(); } }
    @Deprecated
    @Override public void setUnicodeStream(int a0, InputStream a1, int a2) throws SQLException { delegate.setUnicodeStream(a0, a1, a2); if (log != null) { log.poison(); } }
}

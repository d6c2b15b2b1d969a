package io.cqrs.routing.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;

/**
 * What it takes to build a statement again on another physical connection: how it was created
 * and the parameters and options set on it since. Kept only for the first statement of a
 * read-only connection on a replica, so that a read whose first statement fails at the connection
 * level (a replica that died or hung while its pooled connection looked fine) can run once more
 * elsewhere before any result reached the caller; and, with discovery on, for the first statement
 * on a source connection, so that a write the source refused as read-only (a change of source
 * under way) can run on the next source ({@link FirstReadFailover}).
 *
 * <p>Only plain values are recorded. A setter whose argument cannot be read twice (streams,
 * readers, LOBs, arrays, refs...) makes the statement {@linkplain #poison() not replayable}.
 */
final class ReplayLog {

    static final int STATEMENT = StatementFactory.STATEMENT;
    static final int PREPARED = StatementFactory.PREPARED;

    // parameter kinds
    private static final byte NULL = 1;
    private static final byte NULL_TYPED = 2;
    private static final byte OBJECT = 3;
    private static final byte STRING = 4;
    private static final byte INT = 5;
    private static final byte LONG = 6;
    private static final byte BOOLEAN = 7;
    private static final byte DOUBLE = 8;
    private static final byte BIG_DECIMAL = 9;
    private static final byte BYTES = 10;
    private static final byte TIMESTAMP = 11;
    private static final byte DATE = 12;
    private static final byte TIME = 13;
    private static final byte SHORT = 14;
    private static final byte FLOAT = 15;
    private static final byte BYTE = 16;
    private static final byte NSTRING = 17;
    private static final byte OBJECT_TYPED = 18;

    private int creation;
    private String sql;
    private int type;
    private int concurrency;
    private int holdability;
    /**
     * The thread whose {@link ThreadContext} caches it. Final, with {@link #inUse} as the flag: the log
     * lives as long as its thread, so it is soon in the old generation, where every store of a
     * reference costs G1's write barrier (a full fence); the read path stores none (see {@link #start}).
     */
    private final Thread owner = Thread.currentThread();
    /** Held by a statement. */
    private boolean inUse;
    private int used;

    private byte[] kinds;
    private Object[] values;
    private long[] extras;
    private int fetchSize = -1;
    private int maxRows = -1;
    private int queryTimeout = -1;
    private boolean poisoned;

    /**
     * Use {@link ThreadContext#freeReplayLog()}: one log per thread (created on it), reused, so the
     * common read allocates none.
     */
    ReplayLog() {
    }

    /**
     * This thread's log, emptied, for a statement created now (a new one when the thread's log is
     * still held by another statement, which then keeps it for good).
     *
     * @param type        result set type, or 0 for the driver's default
     * @param holdability holdability, or 0 for the connection's
     */
    static ReplayLog acquire(int creation, String sql, int type, int concurrency, int holdability) {
        return ThreadContext.current().freeReplayLog().start(creation, sql, type, concurrency, holdability);
    }

    /** Not held by a statement. */
    boolean isFree() {
        return !inUse;
    }

    /**
     * Takes this (free) log for a statement created now on its thread. The SQL is stored only when it
     * differs from the last statement's (kept after {@link #release}): most reads repeat their SQL, and
     * a reference store here costs a fence.
     */
    ReplayLog start(int creation, String sql, int type, int concurrency, int holdability) {
        this.inUse = true;
        this.creation = creation;
        if (this.sql != sql) {
            this.sql = sql;
        }
        this.type = type;
        this.concurrency = concurrency;
        this.holdability = holdability;
        return this;
    }

    /**
     * The statement no longer needs it. Back to the cache only on the thread that took it (a
     * statement used on another thread leaves it out for good, which is safe).
     */
    void release() {
        if (owner != Thread.currentThread()) {
            return;
        }
        clearParameters();
        used = 0;
        fetchSize = -1;
        maxRows = -1;
        queryTimeout = -1;
        poisoned = false;
        inUse = false;
    }

    boolean replayable() {
        return !poisoned;
    }

    /** Something was set that cannot be set again from the log. */
    void poison() {
        poisoned = true;
    }

    void fetchSize(int rows) {
        fetchSize = rows;
    }

    void maxRows(int rows) {
        maxRows = rows;
    }

    void queryTimeout(int seconds) {
        queryTimeout = seconds;
    }

    void clearParameters() {
        for (int i = 0; i < used; i++) { // usually one or two: a loop beats two range-checked fills
            kinds[i] = 0;
            values[i] = null;
        }
        used = 0;
    }

    void setNull(int i, int sqlType) {
        put(i, NULL, null, sqlType);
    }

    void setNullTyped(int i, int sqlType, String typeName) {
        put(i, NULL_TYPED, typeName, sqlType);
    }

    void set(int i, Object v) {
        put(i, OBJECT, v, 0);
    }

    void set(int i, Object v, int targetSqlType) {
        put(i, OBJECT_TYPED, v, targetSqlType);
    }

    void set(int i, String v) {
        put(i, STRING, v, 0);
    }

    void setNString(int i, String v) {
        put(i, NSTRING, v, 0);
    }

    void set(int i, int v) {
        put(i, INT, null, v);
    }

    void set(int i, short v) {
        put(i, SHORT, null, v);
    }

    void set(int i, byte v) {
        put(i, BYTE, null, v);
    }

    void set(int i, boolean v) {
        put(i, BOOLEAN, null, v ? 1 : 0);
    }

    void set(int i, long v) {
        put(i, LONG, null, v);
    }

    void set(int i, double v) {
        put(i, DOUBLE, null, Double.doubleToRawLongBits(v));
    }

    void set(int i, float v) {
        put(i, FLOAT, null, Float.floatToRawIntBits(v));
    }

    void set(int i, BigDecimal v) {
        put(i, BIG_DECIMAL, v, 0);
    }

    void set(int i, byte[] v) {
        put(i, BYTES, v == null ? null : v.clone(), 0);
    }

    void set(int i, Timestamp v) {
        put(i, TIMESTAMP, v, 0);
    }

    void set(int i, Date v) {
        put(i, DATE, v, 0);
    }

    void set(int i, Time v) {
        put(i, TIME, v, 0);
    }

    private void put(int i, byte kind, Object value, long extra) {
        if (i < 1 || i > 65_535) {
            return; // the driver has already rejected it
        }
        if (kinds == null || i > kinds.length) {
            int n = Math.max(i, kinds == null ? 4 : kinds.length * 2);
            kinds = kinds == null ? new byte[n] : Arrays.copyOf(kinds, n);
            values = values == null ? new Object[n] : Arrays.copyOf(values, n);
            extras = extras == null ? new long[n] : Arrays.copyOf(extras, n);
        }
        kinds[i - 1] = kind;
        if (values[i - 1] != value) { // null after a release: a primitive parameter stores no reference
            values[i - 1] = value;
        }
        extras[i - 1] = extra;
        used = Math.max(used, i);
    }

    /** The statement created again on {@code c}, with the recorded options and parameters. */
    Statement recreate(Connection c) throws SQLException {
        Statement s = StatementFactory.create(c, creation, sql, type, concurrency, holdability, null);
        try {
            if (fetchSize >= 0) {
                s.setFetchSize(fetchSize);
            }
            if (maxRows >= 0) {
                s.setMaxRows(maxRows);
            }
            if (queryTimeout >= 0) {
                s.setQueryTimeout(queryTimeout);
            }
            if (used > 0) {
                setParameters((PreparedStatement) s);
            }
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void setParameters(PreparedStatement p) throws SQLException {
        for (int k = 0; k < used; k++) {
            int i = k + 1;
            Object v = values[k];
            long x = extras[k];
            switch (kinds[k]) {
                case 0 -> { }
                case NULL -> p.setNull(i, (int) x);
                case NULL_TYPED -> p.setNull(i, (int) x, (String) v);
                case OBJECT -> p.setObject(i, v);
                case OBJECT_TYPED -> p.setObject(i, v, (int) x);
                case STRING -> p.setString(i, (String) v);
                case NSTRING -> p.setNString(i, (String) v);
                case INT -> p.setInt(i, (int) x);
                case SHORT -> p.setShort(i, (short) x);
                case BYTE -> p.setByte(i, (byte) x);
                case BOOLEAN -> p.setBoolean(i, x != 0);
                case LONG -> p.setLong(i, x);
                case DOUBLE -> p.setDouble(i, Double.longBitsToDouble(x));
                case FLOAT -> p.setFloat(i, Float.intBitsToFloat((int) x));
                case BIG_DECIMAL -> p.setBigDecimal(i, (BigDecimal) v);
                case BYTES -> p.setBytes(i, (byte[]) v);
                case TIMESTAMP -> p.setTimestamp(i, (Timestamp) v);
                case DATE -> p.setDate(i, (Date) v);
                case TIME -> p.setTime(i, (Time) v);
                default -> throw new IllegalStateException("unknown parameter kind " + kinds[k]);
            }
        }
    }
}

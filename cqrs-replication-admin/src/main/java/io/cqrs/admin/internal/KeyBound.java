package io.cqrs.admin.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A comparison of a table's primary key with one key value, written so that MySQL and MariaDB read
 * only the rows it selects. Both servers turn {@code (a, b) > (?, ?)} into a scan of the whole index
 * from its start (MySQL 8.0.15: {@code type=index}; a page of 10,000 rows from the middle of 200,000
 * read 99,399 index entries), so paging or chunking a table by such a row comparison reads the table
 * once per page: quadratic in its size. Spelt out — {@code a >= ? AND (a > ? OR (a = ? AND b > ?))}
 * — it is a range scan that starts at the value. A one-column key is a plain comparison.
 *
 * <p>{@link #sql} holds {@link #markers(int)} placeholders; {@link #bind} gives the key's values in
 * the order they take, as {@link #value} read them. Key columns are NOT NULL (primary key), so no NULL
 * case arises. May change at any time.
 */
public enum KeyBound {

    /** The rows whose key comes after the value. */
    AFTER(">", ">", ">="),
    /** The rows whose key is the value or comes before it. */
    AT_OR_BEFORE("<", "<=", "<=");

    private final String before;
    private final String last;
    private final String lead;

    KeyBound(String before, String last, String lead) {
        this.before = before;
        this.last = last;
        this.lead = lead;
    }

    /** The condition on {@code quotedColumns} (the key's columns in key order, quoted). */
    public String sql(List<String> quotedColumns) {
        int n = quotedColumns.size();
        if (n == 0) {
            throw new IllegalArgumentException("a key has at least one column");
        }
        if (n == 1) {
            return quotedColumns.get(0) + " " + last + " ?";
        }
        StringBuilder sb = new StringBuilder(quotedColumns.get(0)).append(' ').append(lead).append(" ? AND (");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " OR ").append('(');
            for (int j = 0; j < i; j++) {
                sb.append(quotedColumns.get(j)).append(" = ? AND ");
            }
            sb.append(quotedColumns.get(i)).append(' ').append(i == n - 1 ? last : before).append(" ?)");
        }
        return sb.append(')').toString();
    }

    /**
     * The current row's value of key column {@code column}, as it can be bound again exactly: numbers as
     * numbers (a string compared with a number column is compared as a double), binary values as bytes,
     * everything else — strings, dates, times — as the server's text. A TIMESTAMP read as an object passes
     * through this JVM's time zone: in a zone with daylight saving, Connector/J refuses a value the zone
     * skips ({@code HOUR_OF_DAY: 2 -> 3}), which stopped a snapshot of such a table.
     */
    public static Object value(ResultSet rs, int column) throws SQLException {
        return switch (rs.getMetaData().getColumnType(column)) {
            // BIGINT UNSIGNED comes as a BigInteger, which Connector/J binds as its long value: 2^64 - 1 went out
            // as -1, and verify's search for the next chunk never ended; a BigDecimal is bound as written
            case Types.BIGINT -> {
                Object v = rs.getObject(column);
                yield v instanceof java.math.BigInteger b ? new java.math.BigDecimal(b) : v;
            }
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.DECIMAL, Types.NUMERIC, Types.REAL, Types.FLOAT,
                 Types.DOUBLE -> rs.getObject(column);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB, Types.BIT -> rs.getBytes(column);
            default -> rs.getString(column);
        };
    }

    /** How many placeholders {@link #sql} has for a key of {@code columns} columns. */
    public static int markers(int columns) {
        return columns == 1 ? 1 : 1 + columns * (columns + 1) / 2;
    }

    /** The key's values in the order {@link #sql}'s placeholders take them. */
    public static List<Object> bind(List<?> key) {
        List<Object> out = new ArrayList<>(markers(key.size()));
        if (key.size() == 1) {
            out.add(key.get(0));
            return out;
        }
        out.add(key.get(0)); // the leading column's bound, which makes the range
        for (int i = 0; i < key.size(); i++) {
            out.addAll(key.subList(0, i + 1));
        }
        return out;
    }
}

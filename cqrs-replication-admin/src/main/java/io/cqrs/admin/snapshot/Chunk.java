package io.cqrs.admin.snapshot;

import io.cqrs.admin.internal.ProgressTracker;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One unit of parallel work: a range of the integer first key column (a composite key's rows
 * with one leading value all fall in the same range), or a whole other table streamed in one pass
 * (in key order when it has a key).
 */
record Chunk(TableSpec table, Long from, Long to, boolean unsigned) {

    /**
     * A chunk of a signed key's values {@code [from, to]}. (With {@code unsigned}, {@code from} and {@code to}
     * are a BIGINT UNSIGNED key's values shifted by 2^63 — {@link #signedOrder} — so that they order as signed
     * longs do and the range arithmetic stays the same; keys above 2^63 do not fit a signed long.)
     */
    Chunk(TableSpec table, Long from, Long to) {
        this(table, from, to, false);
    }

    /** An unsigned 64-bit value (as {@link Long#parseUnsignedLong} gives it) moved to where it orders as a signed long, and back. */
    static long signedOrder(long unsignedBits) {
        return unsignedBits ^ Long.MIN_VALUE;
    }

    /** Chunks of an integer key whose estimate is missing are at most this many (a key may be sparse). */
    static final int MAX_CHUNKS_WITHOUT_ESTIMATE = 64;

    /**
     * Splits a table into chunks (in key order) of about {@code chunkRows} rows by value ranges of an integer key:
     * MIN/MAX of the key in the snapshot (two index dives, no scan) and the table's row estimate
     * ({@link TableSpec#estimatedRows}, from fresh statistics) say how many; a table whose estimate is
     * missing is split by its key's span, at most {@link #MAX_CHUNKS_WITHOUT_ESTIMATE} ways. Every row
     * is in exactly one chunk whatever the estimate: it only decides the chunks' width.
     */
    static List<Chunk> plan(Connection c, TableSpec t, int chunkRows) throws SQLException {
        if (!t.integerKey()) {
            return List.of(new Chunk(t, null, null));
        }
        String key = SqlValues.identifier(t.primaryKey().get(0));
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MIN(" + key + "), MAX(" + key + ") FROM " + t.source())) {
            rs.next();
            if (rs.getString(1) == null) {
                return List.of(new Chunk(t, 0L, -1L));
            }
            if (!rs.getMetaData().isSigned(1)) { // BIGINT UNSIGNED may exceed a long: values above 2^63
                return ranges(t, signedOrder(Long.parseUnsignedLong(rs.getString(1))), signedOrder(Long.parseUnsignedLong(rs.getString(2))),
                        chunkRows, true);
            }
            return ranges(t, rs.getLong(1), rs.getLong(2), chunkRows, false);
        }
    }

    /** The chunks of {@code t}'s integer key values {@code [min, max]} (see {@link #plan}). */
    static List<Chunk> ranges(TableSpec t, long min, long max, int chunkRows) {
        return ranges(t, min, max, chunkRows, false);
    }

    /** {@link #ranges(TableSpec, long, long, int)}; {@code unsigned}: {@code min} and {@code max} are in {@link #signedOrder}. */
    static List<Chunk> ranges(TableSpec t, long min, long max, int chunkRows, boolean unsigned) {
        // in BigInteger: a key from below zero to near Long.MAX_VALUE (or an unsigned one across 2^63) spans more than a long
        BigInteger lo = BigInteger.valueOf(min);
        BigInteger hi = BigInteger.valueOf(max);
        BigInteger span = hi.subtract(lo).add(BigInteger.ONE);
        long bySpan = ceilDiv(span, BigInteger.valueOf(chunkRows)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        long pieces = t.estimatedRows() > 0
                ? Math.min(bySpan, Math.max(1, (t.estimatedRows() + chunkRows - 1) / chunkRows))
                : Math.min(bySpan, MAX_CHUNKS_WITHOUT_ESTIMATE);
        BigInteger width = ceilDiv(span, BigInteger.valueOf(pieces)).max(BigInteger.ONE);
        List<Chunk> out = new ArrayList<>();
        for (BigInteger from = lo; ; from = from.add(width)) {
            BigInteger to = from.add(width).subtract(BigInteger.ONE).min(hi);
            out.add(new Chunk(t, from.longValueExact(), to.longValueExact(), unsigned));
            if (to.equals(hi)) {
                return out;
            }
        }
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    /** Copies this chunk into the writer; returns the rows copied. */
    long copy(Connection c, RowEncoder encoder, SnapshotSink.RowWriter writer, ProgressTracker progress) throws Exception {
        if (from != null) {
            if (to < from) {
                return 0;
            }
            String key = SqlValues.identifier(table.primaryKey().get(0));
            String order = table.primaryKey().stream().map(SqlValues::identifier).collect(Collectors.joining(","));
            String sql = select() + " WHERE " + key + " BETWEEN ? AND ? ORDER BY " + order;
            try (PreparedStatement ps = streaming(c, sql)) {
                if (unsigned) { // a number, not a string: a string compared with an integer column is compared as a double
                    ps.setBigDecimal(1, new java.math.BigDecimal(Long.toUnsignedString(signedOrder(from))));
                    ps.setBigDecimal(2, new java.math.BigDecimal(Long.toUnsignedString(signedOrder(to))));
                } else {
                    ps.setLong(1, from);
                    ps.setLong(2, to);
                }
                return drain(ps, encoder, writer, progress);
            }
        }
        // a keyed table that is not split: one pass in key order (for the target, rows in key order insert
        // fastest). Not paged by "keys after the last one": a key's order and its comparison with a value
        // differ for some types (an ENUM sorts by its definition, compares by its text), and a page that ends
        // at such a value loses the rows after it. The snapshot's transaction holds its view open either way.
        String order = table.primaryKey().isEmpty() ? ""
                : " ORDER BY " + table.primaryKey().stream().map(SqlValues::identifier).collect(Collectors.joining(","));
        try (PreparedStatement ps = streaming(c, select() + order)) {
            return drain(ps, encoder, writer, progress);
        }
    }

    private String select() {
        return "SELECT " + table.selectList() + " FROM " + table.source();
    }

    private static PreparedStatement streaming(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ps.setFetchSize(Integer.MIN_VALUE);
        return ps;
    }

    /** Streams the result into INSERT statements, or into {@code LOAD DATA} batches when the writer bulk-loads this table. */
    private long drain(PreparedStatement ps, RowEncoder encoder, SnapshotSink.RowWriter writer, ProgressTracker progress) throws Exception {
        long n = 0;
        TsvEncoder tsv = writer.loadsRows(table) ? encoder.tsv() : null;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (tsv != null) {
                    boolean full = tsv.add(table, rs);
                    if (tsv.tooLarge() && !insertAlone(writer, encoder, rs, progress)) {
                        full = tsv.addAnyway(table, rs); // larger than an INSERT may be: LOAD DATA takes it, slowly
                    }
                    if (full) {
                        load(writer, tsv, progress);
                    }
                } else {
                    String ready = encoder.add(table, rs);
                    if (ready != null) {
                        emit(writer, encoder, ready, progress);
                    }
                }
                n++;
            }
        }
        if (tsv != null) {
            if (tsv.rows() > 0) {
                load(writer, tsv, progress);
            }
            return n;
        }
        String rest = encoder.flush();
        if (rest != null) {
            emit(writer, encoder, rest, progress);
        }
        return n;
    }

    /**
     * The current row, which holds a value too large for {@code LOAD DATA} ({@link TsvEncoder#LARGE_FIELD}), as an
     * INSERT of its own; false (nothing sent) when that INSERT would be larger than the writer can run.
     */
    private boolean insertAlone(SnapshotSink.RowWriter writer, RowEncoder encoder, ResultSet rs, ProgressTracker progress) throws Exception {
        String pending = encoder.flush(); // none while a table is bulk-loaded; sent first if there were
        if (pending != null) {
            emit(writer, encoder, pending, progress);
        }
        String ready = encoder.add(table, rs);
        String sql = ready != null ? ready : encoder.flush();
        if (utf8Length(sql) > writer.maxInsertBytes()) {
            return false;
        }
        emit(writer, encoder, sql, progress);
        return true;
    }

    private void load(SnapshotSink.RowWriter writer, TsvEncoder tsv, ProgressTracker progress) throws Exception {
        int rows = tsv.rows();
        int bytes = tsv.length();
        tsv.reset(writer.load(table, tsv.buffer(), bytes, rows));
        progress.add(rows, bytes, 1);
    }

    private void emit(SnapshotSink.RowWriter writer, RowEncoder encoder, String sql, ProgressTracker progress) throws Exception {
        int rows = encoder.pendingRowsOfLastFlush;
        writer.insert(table, sql, rows);
        progress.add(rows, utf8Length(sql) + 2L, 1);
    }

    /** The UTF-8 size of {@code s} without encoding it (progress only; the statements reach 1 MB). */
    static long utf8Length(String s) {
        long n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2; // each half of a pair adds 1: 4 bytes for 2 chars
            }
        }
        return n;
    }
}

package io.cqrs.admin.snapshot;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Turns streamed rows into {@code LOAD DATA} input, byte for byte from the text protocol (no
 * String is made of any value): fields separated by tab, rows ended by newline, NULL as
 * {@code \N}, and in values the bytes NUL, tab, newline, carriage return and backslash escaped
 * with a backslash. Those bytes never occur inside a multi-byte UTF-8 sequence, so escaping
 * bytes is escaping characters. Binary columns are written in hex (loaded through
 * {@code UNHEX}), so the input stays valid UTF-8. One per worker thread.
 */
final class TsvEncoder {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The bytes {@link #escaped} writes as a backslash pair: NUL, tab, newline, carriage return, backslash. */
    private static final boolean[] ESCAPE = new boolean[256];

    static {
        for (int c : new int[]{0, '\t', '\n', '\r', '\\'}) {
            ESCAPE[c] = true;
        }
    }

    /**
     * A field longer than this (encoded) makes {@link #add} leave its row out ({@link #tooLarge()}): MySQL 8.0's
     * LOAD DATA grows its field buffer step by step, so a field of n bytes costs time quadratic in n (a 20 MB
     * BLOB, 40 MB in hex, took 30 s to load; as an INSERT, under a second).
     */
    static final int LARGE_FIELD = 1 << 20;

    /** The buffer a new encoder starts with, and goes back to after a batch that grew it past twice a full batch. */
    static final int INITIAL_BYTES = 64 * 1024;

    private final int maxBytes;
    private byte[] buf = new byte[INITIAL_BYTES];
    private int len;
    private int rows;
    /** The last {@link #add} left its row out: a field was larger than {@link #LARGE_FIELD}. */
    private boolean tooLarge;

    TsvEncoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds the current row of {@code rs}; true when the batch is full and should be loaded now. A row with a
     * field larger than {@link #LARGE_FIELD} is left out instead ({@link #tooLarge()}).
     */
    boolean add(TableSpec t, ResultSet rs) throws SQLException {
        return add(t, rs, false);
    }

    /** {@link #add}, taking a row with a large field too. */
    boolean addAnyway(TableSpec t, ResultSet rs) throws SQLException {
        return add(t, rs, true);
    }

    /** Whether the last {@link #add} left its row out for a field larger than {@link #LARGE_FIELD}. */
    boolean tooLarge() {
        return tooLarge;
    }

    private boolean add(TableSpec t, ResultSet rs, boolean anyway) throws SQLException {
        tooLarge = false;
        int rowStart = len;
        int n = t.columns().size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            int fieldStart = len;
            byte[] raw = rs.getBytes(i + 1);
            if (raw == null) {
                put((byte) '\\');
                put((byte) 'N');
            } else if (t.kinds().get(i).hex()) {
                hex(raw);
            } else if (t.kinds().get(i) == ValueKind.NUMBER) {
                ensure(raw.length); // digits, sign, point, exponent: nothing to escape
                System.arraycopy(raw, 0, buf, len, raw.length);
                len += raw.length;
            } else {
                escaped(raw);
            }
            if (!anyway && len - fieldStart > LARGE_FIELD) {
                len = rowStart;
                tooLarge = true;
                return false;
            }
        }
        put((byte) '\n');
        rows++;
        return len >= maxBytes;
    }

    /**
     * Copies {@code raw} escaped. Most values have nothing to escape: one scan over a lookup table
     * finds that out, and they are copied whole ({@code System.arraycopy}); only a value holding a
     * byte to escape is written byte by byte.
     */
    private void escaped(byte[] raw) {
        int n = raw.length;
        int i = 0;
        while (i < n && !ESCAPE[raw[i] & 0xFF]) {
            i++;
        }
        if (i == n) {
            ensure(n);
            System.arraycopy(raw, 0, buf, len, n);
            len += n;
            return;
        }
        ensure(n * 2);
        byte[] b = buf;
        System.arraycopy(raw, 0, b, len, i);
        int p = len + i;
        for (; i < n; i++) {
            byte c = raw[i];
            switch (c) {
                case 0 -> { b[p++] = '\\'; b[p++] = '0'; }
                case '\t' -> { b[p++] = '\\'; b[p++] = 't'; }
                case '\n' -> { b[p++] = '\\'; b[p++] = 'n'; }
                case '\r' -> { b[p++] = '\\'; b[p++] = 'r'; }
                case '\\' -> { b[p++] = '\\'; b[p++] = '\\'; }
                default -> b[p++] = c;
            }
        }
        len = p;
    }

    private void hex(byte[] raw) {
        ensure(raw.length * 2);
        byte[] b = buf;
        int p = len;
        for (byte c : raw) {
            b[p++] = HEX[(c >> 4) & 0xF];
            b[p++] = HEX[c & 0xF];
        }
        len = p;
    }

    private void put(byte c) {
        ensure(1);
        buf[len++] = c;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    int rows() {
        return rows;
    }

    int length() {
        return len;
    }

    byte[] buffer() {
        return buf;
    }

    /**
     * Empties the batch and goes on in {@code next}: the buffer the writer gave back
     * ({@link SnapshotSink.RowWriter#load}) — this one, or another one it is done with — or, when null, a new one
     * as large as this one (which the writer keeps until it is loaded), so a batch does not grow again from
     * {@link #INITIAL_BYTES}. A buffer a row with a large value grew past twice a full batch is let go instead (a
     * worker would otherwise hold up to twice that value until the copy ends).
     */
    void reset(byte[] next) {
        len = 0;
        rows = 0;
        buf = next != null && !oversized(next) ? next : new byte[oversized(buf) ? INITIAL_BYTES : buf.length];
    }

    private boolean oversized(byte[] b) {
        return b.length > 2L * maxBytes && b.length > INITIAL_BYTES;
    }
}

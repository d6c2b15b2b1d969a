package io.cqrs.admin.snapshot;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Turns streamed rows into multi-row INSERT statements of bounded size. One per worker thread. */
final class RowEncoder {

    private final int rowsPerInsert;
    private final int maxBytes;
    private final StringBuilder sb = new StringBuilder(64 * 1024);
    private TableSpec table;
    private int rows;

    private TsvEncoder tsv;

    RowEncoder(int rowsPerInsert, int maxBytes) {
        this.rowsPerInsert = rowsPerInsert;
        this.maxBytes = maxBytes;
    }

    /** This worker's encoder for writers that bulk-load rows: batches of four statements' worth of bytes. */
    TsvEncoder tsv() {
        if (tsv == null) {
            tsv = new TsvEncoder(4 * maxBytes);
        }
        return tsv;
    }

    /** Adds the current row of {@code rs}; returns a full statement when one is ready, else null. */
    String add(TableSpec t, ResultSet rs) throws SQLException {
        String ready = null;
        if (table != t && rows > 0) {
            ready = flush();
        }
        if (rows == 0) {
            table = t;
            sb.setLength(0);
            sb.append("INSERT INTO ").append(t.qualifiedName()).append(" (").append(t.columnList()).append(") VALUES ");
        } else {
            sb.append(',');
        }
        sb.append('(');
        for (int i = 0; i < t.columns().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            SqlValues.append(sb, rs.getBytes(i + 1), t.kinds().get(i));
        }
        sb.append(')');
        rows++;
        if (ready == null && (rows >= rowsPerInsert || sb.length() >= maxBytes)) {
            ready = flush();
        }
        return ready;
    }

    int pendingRowsOfLastFlush;

    /** The statement built so far (null when empty); resets the encoder. */
    String flush() {
        if (rows == 0) {
            return null;
        }
        pendingRowsOfLastFlush = rows;
        String s = sb.toString();
        rows = 0;
        sb.setLength(0);
        return s;
    }

    TableSpec table() {
        return table;
    }
}

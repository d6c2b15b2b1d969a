package io.cqrs.admin;

import java.time.Duration;
import java.util.Optional;

/**
 * A progress report of a long operation (snapshot, restore, provision, create-data).
 *
 * @param phase       what is running, e.g. "dump", "restore", "copy"
 * @param rows        rows copied so far
 * @param rowsTotal   expected rows (an estimate, which {@code rows} may pass), 0 when unknown
 * @param bytes       bytes written or read so far
 * @param bytesTotal  expected bytes, 0 when unknown
 * @param tablesDone  tables finished
 * @param tablesTotal tables in the operation
 * @param statements  SQL statements executed or written
 * @param elapsed     time since the operation started
 * @param done        true for the last report of the operation
 */
public record Progress(String phase, long rows, long rowsTotal, long bytes, long bytesTotal, int tablesDone, int tablesTotal,
                       long statements, Duration elapsed, boolean done) {

    /** Rows per second since the start; 0 before any time has passed. */
    public double rowsPerSecond() {
        return perSecond(rows);
    }

    /** Bytes per second since the start; 0 before any time has passed. */
    public double bytesPerSecond() {
        return perSecond(bytes);
    }

    private double perSecond(long n) {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : n / s;
    }

    /**
     * Time left, from bytes when their total is known, else from rows; empty when unknown — also
     * when the work has reached or passed its expected total without being done (the estimate was
     * low: no "ETA 0s" while work goes on).
     */
    public Optional<Duration> eta() {
        if (done) {
            return Optional.of(Duration.ZERO);
        }
        double fraction;
        if (bytesTotal > 0) {
            fraction = bytes < bytesTotal ? (double) bytes / bytesTotal : -1;
        } else if (rowsTotal > 0) {
            fraction = rows < rowsTotal ? (double) rows / rowsTotal : -1;
        } else {
            fraction = -1;
        }
        if (fraction <= 0.001 || elapsed.isZero()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) (elapsed.toMillis() * (1 - fraction) / fraction)));
    }

    /**
     * One line for a terminal, e.g. "dump: 52,000/~100,000 rows, 3.1 MB, 2/5 tables, 41,000 rows/s, 1.2 MB/s, ETA 1.3s".
     * A total the work has passed is left out rather than shown below the count.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(phase).append(": ");
        sb.append(String.format("%,d", rows));
        if (rowsTotal > 0 && rows <= rowsTotal) {
            sb.append(String.format("/~%,d", rowsTotal));
        }
        sb.append(" rows, ").append(bytes(bytes));
        if (bytesTotal > 0 && bytes <= bytesTotal) {
            sb.append('/').append(bytes(bytesTotal));
        }
        if (tablesTotal > 0) {
            sb.append(", ").append(tablesDone).append('/').append(tablesTotal).append(" tables");
        }
        if (statements > 0) {
            sb.append(String.format(", %,d statements", statements));
        }
        sb.append(String.format(", %,.0f rows/s, %s/s", rowsPerSecond(), bytes((long) bytesPerSecond())));
        if (done) {
            sb.append(", done in ").append(seconds(elapsed));
        } else {
            eta().ifPresent(e -> sb.append(", ETA ").append(seconds(e)));
        }
        return sb.toString();
    }

    private static String seconds(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : String.format("%.1fs", d.toMillis() / 1000.0);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format("%.1f KB", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format("%.1f MB", b / (1024.0 * 1024));
        }
        return String.format("%.2f GB", b / (1024.0 * 1024 * 1024));
    }
}

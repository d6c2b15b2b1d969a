package io.cqrs.admin.internal;

import io.cqrs.admin.Progress;
import io.cqrs.admin.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe counters behind a {@link ProgressListener}, reported at most every 200 ms. May change at any time. */
public final class ProgressTracker {

    private static final Logger log = LoggerFactory.getLogger(ProgressTracker.class);
    private static final long INTERVAL_NANOS = 200_000_000L;

    private final String phase;
    private final ProgressListener listener;
    private final long start = System.nanoTime();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicInteger tablesDone = new AtomicInteger();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime());
    private volatile long rowsTotal;
    private volatile long bytesTotal;
    private volatile int tablesTotal;

    public ProgressTracker(String phase, ProgressListener listener) {
        this.phase = phase;
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    public void totals(long rowsTotal, long bytesTotal, int tablesTotal) {
        this.rowsTotal = rowsTotal;
        this.bytesTotal = bytesTotal;
        this.tablesTotal = tablesTotal;
    }

    public void add(long rows, long bytes, long statements) {
        this.rows.addAndGet(rows);
        this.bytes.addAndGet(bytes);
        this.statements.addAndGet(statements);
        maybeReport();
    }

    public void tableDone() {
        tablesDone.incrementAndGet();
        maybeReport();
    }

    public long rows() {
        return rows.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long statements() {
        return statements.get();
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void maybeReport() {
        if (listener == ProgressListener.NONE) {
            return;
        }
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= INTERVAL_NANOS && lastReport.compareAndSet(last, now)) {
            emit(false);
        }
    }

    /** The final report. */
    public Progress finish() {
        return emit(true);
    }

    public Progress snapshot(boolean done) {
        return new Progress(phase, rows.get(), rowsTotal, bytes.get(), bytesTotal, tablesDone.get(), tablesTotal,
                statements.get(), elapsed(), done);
    }

    private Progress emit(boolean done) {
        Progress p = snapshot(done);
        if (listener != ProgressListener.NONE) {
            try {
                listener.onProgress(p);
            } catch (RuntimeException e) {
                log.warn("progress listener {} failed: {}", listener, e.toString());
            }
        }
        return p;
    }
}

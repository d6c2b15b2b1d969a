package io.cqrs.admin.snapshot;

import com.mysql.cj.jdbc.JdbcStatement;
import io.cqrs.admin.AdminException;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The loading half of a bulk copy: the snapshot's readers hand over batches of {@code LOAD DATA}
 * input ({@link #submit}) and go on reading while {@code loaders} sessions of the target load them
 * — several at a time into the same table when one table is all there is. Readers wait only when
 * {@code 2 × loaders} batches are already in flight (bounded memory); loaders wait only when no batch
 * is ready. Each loader takes the next batch of any table, so one large table keeps every loader busy.
 *
 * <p>Every batch must load exactly its rows with no warning. The first failure (naming the table) is
 * kept: later batches are dropped, and {@link #submit}, {@link #awaitTable} and {@link #awaitAll}
 * throw it, so a partial load always fails the whole copy.
 */
final class LoadPipeline implements AutoCloseable {

    private record Batch(TableSpec table, byte[] data, int length, int rows) {
    }

    private static final Batch STOP = new Batch(null, null, 0, 0);

    private final String target;
    private final BlockingQueue<Batch> queue;
    private final Semaphore inFlight;
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    /** Batches submitted and not yet loaded (or dropped), per table (by identity: a record's hash walks its lists); guarded by {@code this}. */
    private final Map<TableSpec, Integer> pending = new IdentityHashMap<>();
    /** The LOAD DATA statement of each table, built once. */
    private static final Map<TableSpec, String> STATEMENTS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private int pendingTotal;
    private volatile Exception failure;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> sessions;

    /** Starts one loader thread per session (the sessions are closed by {@link #close}). */
    LoadPipeline(String target, List<Connection> sessions) throws SQLException {
        this.target = target;
        this.sessions = List.copyOf(sessions);
        this.queue = new ArrayBlockingQueue<>(2 * sessions.size() + 1);
        this.inFlight = new Semaphore(2 * sessions.size());
        for (Connection c : this.sessions) {
            Statement st = c.createStatement();
            Thread t = new Thread(() -> run(st), "cqrs-copy-loader");
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    int loaders() {
        return sessions.size();
    }

    /**
     * Hands over {@code rows} rows of {@code table} ({@code data[0..length)}, not copied: the buffer is
     * the batch's until it is loaded) and returns a loaded batch's buffer for the caller's next rows, or
     * null when none is free yet. Blocks while {@code 2 × loaders} batches are in flight.
     */
    byte[] submit(TableSpec table, byte[] data, int length, int rows) throws Exception {
        rethrow();
        inFlight.acquire();
        synchronized (this) {
            pending.merge(table, 1, Integer::sum);
            pendingTotal++;
        }
        queue.put(new Batch(table, data, length, rows));
        return free.poll();
    }

    /** Waits until every batch of {@code table} submitted so far is loaded; throws the copy's first failure. */
    void awaitTable(TableSpec table) throws Exception {
        synchronized (this) {
            while (pending.getOrDefault(table, 0) > 0) {
                wait();
            }
        }
        rethrow();
    }

    /** Waits until every batch submitted so far is loaded; throws the copy's first failure. */
    void awaitAll() throws Exception {
        synchronized (this) {
            while (pendingTotal > 0) {
                wait();
            }
        }
        rethrow();
    }

    private void rethrow() throws Exception {
        Exception e = failure;
        if (e != null) {
            throw e;
        }
    }

    private void run(Statement st) {
        while (true) {
            Batch b;
            try {
                b = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (b == STOP) {
                return;
            }
            try {
                if (failure == null) {
                    load(st, b);
                }
            } catch (Exception e) {
                fail(e instanceof AdminException ? e : new AdminException("copying " + b.table().displayName() + " into " + target
                        + " failed: loading " + b.rows() + " rows: " + e.getMessage(), e));
            } finally {
                free.offer(b.data()); // for the next submit: the encoder lets a buffer a large value grew go (TsvEncoder#reset)
                inFlight.release();
                synchronized (this) {
                    pending.merge(b.table(), -1, Integer::sum);
                    pendingTotal--;
                    notifyAll();
                }
            }
        }
    }

    private synchronized void fail(Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    private void load(Statement st, Batch b) throws Exception {
        load(st, target, b.table(), b.data(), b.length(), b.rows());
    }

    /**
     * Loads {@code rows} rows of {@code table} over {@code st} and checks that the server took
     * exactly them, with no warning; a load that lost a deadlock or lock wait is run again.
     */
    static void load(Statement st, String target, TableSpec table, byte[] data, int length, int rows) throws Exception {
        String sql = STATEMENTS.computeIfAbsent(table, LoadPipeline::loadStatement);
        JdbcStatement js = st.unwrap(JdbcStatement.class);
        long loaded = LostLocks.retry(sql, () -> {
            js.setLocalInfileInputStream(new ByteArrayInputStream(data, 0, length));
            try {
                return st.executeLargeUpdate(sql);
            } finally {
                js.setLocalInfileInputStream(null);
            }
        });
        SQLWarning w = st.getWarnings();
        if (loaded != rows || w != null) {
            st.clearWarnings();
            throw new AdminException("copying " + table.displayName() + " into " + target + " failed: LOAD DATA took "
                    + loaded + " of " + rows + " rows" + (w == null ? "" : " with warnings: " + warnings(w))
                    + "; the target's table may differ from the source's (re-run the copy into a reset replica),"
                    + " or copy with INSERTs (cqrs-admin provision --inserts-only; DirectCopySink(target, false))");
        }
    }

    /**
     * {@code LOAD DATA LOCAL INFILE} for the rows {@link TsvEncoder} writes: binary columns come as
     * hex into a user variable and are set through {@code UNHEX}.
     */
    static String loadStatement(TableSpec t) {
        List<String> targets = IntStream.range(0, t.columns().size())
                .mapToObj(i -> t.kinds().get(i).hex() ? "@c" + i : SqlValues.identifier(t.columns().get(i)))
                .toList();
        String sets = IntStream.range(0, t.columns().size()).filter(i -> t.kinds().get(i).hex())
                .mapToObj(i -> SqlValues.identifier(t.columns().get(i)) + " = UNHEX(@c" + i + ")")
                .collect(Collectors.joining(", "));
        return "LOAD DATA LOCAL INFILE 'cqrs-copy' INTO TABLE " + t.qualifiedName()
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
                + " (" + String.join(",", targets) + ")" + (sets.isEmpty() ? "" : " SET " + sets);
    }

    /** The first few warnings, for a failed load's message. */
    static String warnings(SQLWarning w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; w != null && i < 3; i++, w = w.getNextWarning()) {
            sb.append(i == 0 ? "" : "; ").append(w.getErrorCode()).append(' ').append(w.getMessage());
        }
        return sb.toString();
    }

    /** Drops what is still queued when the copy failed, stops the loaders and closes their sessions. */
    @Override
    public void close() {
        if (failure == null && pendingTotal > 0) {
            fail(new AdminException("copy into " + target + " stopped with batches not loaded"));
        }
        try {
            for (int i = 0; i < threads.size(); i++) {
                queue.put(STOP); // the loaders drop whatever is queued before it once the copy has failed
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.forEach(Thread::interrupt);
        }
        for (Thread t : threads) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Connection c : sessions) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a loader session after the copy: nothing left to lose
            }
        }
    }
}

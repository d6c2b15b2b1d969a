package io.cqrs.admin.snapshot;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.admin.internal.GlobalReadLock;
import io.cqrs.admin.internal.NonTransactionalTables;
import io.cqrs.admin.internal.ProgressTracker;
import io.cqrs.admin.internal.Sessions;
import io.cqrs.common.ServerVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A consistent, parallel, streaming snapshot of a source over JDBC (no mysqldump binary).
 *
 * <p>How the consistent point is found: the coordinator takes FLUSH TABLES WITH READ LOCK, every
 * worker connection starts {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} (REPEATABLE READ),
 * the coordinator reads the GTID position ({@link Dialect#selectSnapshotPosition()}) and releases
 * the lock. The lock is held for milliseconds; from then on all workers read the same point in
 * time, which is exactly that GTID position. Tables without transactions (MyISAM, Aria, MEMORY) are
 * outside that view: when there are any, the lock is held until they are copied, first (writes wait
 * meanwhile, and the time is logged). Work is split per table and, for tables with an
 * integer primary key, per key range; other tables are read in one pass (keyed ones in key order).
 * Rows are streamed (Connector/J row streaming), so memory stays constant whatever the table size.
 */
public final class Snapshotter {

    private static final Logger log = LoggerFactory.getLogger(Snapshotter.class);
    /**
     * Worker connections: streamed results, and every text value in utf8mb4 whatever its column's
     * character set (Connector/J otherwise leaves {@code character_set_results} NULL, so a latin1
     * column's bytes would arrive as latin1 where the encoders expect UTF-8).
     */
    private static final Map<String, String> STREAMING = Map.of("useCursorFetch", "false", "netTimeoutForStreamingResults", "3600",
            "characterSetResults", "UTF-8");

    private Snapshotter() {
    }

    /** Takes a snapshot of {@code source} into {@code sink}; the sink is closed when this returns or throws. */
    public static SnapshotResult snapshot(ServerEndpoint source, SnapshotOptions options, SnapshotSink sink) {
        ProgressTracker progress = new ProgressTracker("snapshot", options.progress());
        List<Connection> workers = new ArrayList<>();
        try (sink; Connection coordinator = source.connect()) {
            ServerVersion version = ServerVersion.detect(coordinator);
            Dialect dialect = Dialect.forVersion(version);
            List<String> databases = Catalog.databases(coordinator, options.databases());
            Map<String, Long> estimates = Catalog.rowEstimates(coordinator, dialect, databases);
            Set<String> nonTransactional = NonTransactionalTables.of(coordinator);
            // the tables and their definitions, read before the read lock: under it, a write blocked on a MyISAM
            // table keeps information_schema and SHOW CREATE TABLE waiting for that table
            Map<String, String> databaseDdl = new LinkedHashMap<>();
            Map<TableSpec, String> tableDdl = new LinkedHashMap<>();
            Map<String, Map<String, String>> sequenceDdl = new LinkedHashMap<>();
            for (String db : databases) {
                databaseDdl.put(db, Catalog.showCreate(coordinator, "DATABASE", SqlValues.identifier(db), 2));
                sequenceDdl.put(db, Catalog.sequences(coordinator, db));
                for (TableSpec t : Catalog.tables(coordinator, db, estimates)) {
                    tableDdl.put(t, Catalog.showCreate(coordinator, "TABLE", t.qualifiedName(), 2));
                }
            }
            workers.addAll(Sessions.openAll(options.workers(), "snapshot sessions of " + source, () -> {
                Connection w = source.connect(null, STREAMING);
                try (Statement st = w.createStatement()) {
                    st.execute("SET SESSION time_zone = '+00:00'"); // isolation: GlobalReadLock.snapshot
                } catch (SQLException e) {
                    w.close();
                    throw e;
                }
                return w;
            }));
            boolean holdLock = tableDdl.keySet().stream().anyMatch(t -> nonTransactional.contains(t.displayName()));
            Connection main = workers.get(0);
            Map<String, Long> rows;
            String gtid;
            try (GlobalReadLock lock = GlobalReadLock.take(coordinator, source.toString())) {
                long lockedAt = System.nanoTime();
                gtid = lock.snapshot(workers, dialect);
                if (!holdLock) {
                    lock.release();
                }
                log.info("snapshot of {} ({}) at GTID position '{}' with {} workers", source, version, gtid, workers.size());
                sink.begin(new SnapshotHeader(source.address(), version, databases, gtid, Instant.now()));
                List<TableSpec> tables = new ArrayList<>();
                for (String db : databases) {
                    sink.database(db, databaseDdl.get(db));
                    for (Map.Entry<String, String> s : sequenceDdl.get(db).entrySet()) {
                        sink.sequence(SequenceSpec.read(main, db, s.getKey(), s.getValue()));
                    }
                    for (Map.Entry<TableSpec, String> t : tableDdl.entrySet()) {
                        if (t.getKey().database().equals(db)) {
                            sink.table(t.getKey(), t.getValue());
                            tables.add(t.getKey());
                        }
                    }
                }
                List<TableSpec> locked = tables.stream().filter(t -> nonTransactional.contains(t.displayName())).toList();
                rows = copyData(main, workers, tables, locked, () -> {
                    if (holdLock) {
                        lock.release();
                        log.warn("{}: the read lock was held {} ms, writes waiting, while {} table(s) without transactions were copied"
                                        + " (a consistent snapshot does not cover them): {}", source, (System.nanoTime() - lockedAt) / 1_000_000,
                                locked.size(), locked.stream().map(TableSpec::displayName).toList());
                    }
                }, options, sink, progress);
            }
            for (String db : databases) {
                sink.schemaObjects(db, Catalog.schemaObjects(main, db));
            }
            for (Connection w : workers) {
                w.commit();
            }
            SnapshotResult result = new SnapshotResult(version, gtid, rows, progress.rows(), progress.bytes(), progress.elapsed());
            sink.finish(result);
            progress.finish();
            return result;
        } catch (AdminException e) {
            throw e;
        } catch (Exception e) {
            throw new AdminException("snapshot of " + source + " failed: " + e.getMessage(), e);
        } finally {
            for (Connection w : workers) {
                try {
                    w.close();
                } catch (SQLException e) {
                    log.debug("closing a snapshot worker: {}", e.toString());
                }
            }
        }
    }

    /** Tables split into at least this many chunks are reported nearly copied when a third of their chunks is left. */
    static final int NEARLY_COPIED_MIN_CHUNKS = 9;

    /** Something the copy does between its two phases (releasing the read lock). */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Copies every table's rows: first the chunks of {@code first} (the non-transactional tables, under the read
     * lock), then {@code between}, then the rest.
     */
    private static Map<String, Long> copyData(Connection main, List<Connection> workers, List<TableSpec> tables, List<TableSpec> first,
                                              Step between, SnapshotOptions options, SnapshotSink sink, ProgressTracker progress)
            throws Exception {
        Map<TableSpec, AtomicLong> rows = new ConcurrentHashMap<>();
        Map<TableSpec, AtomicInteger> pendingChunks = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Chunk> firstQueue = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Chunk> queue = new ConcurrentLinkedQueue<>();
        long expectedRows = 0;
        Map<TableSpec, Integer> nearlyAt = new ConcurrentHashMap<>();
        for (TableSpec t : tables) {
            List<Chunk> plan = Chunk.plan(main, t, options.chunkRows());
            int chunks = plan.size();
            rows.put(t, new AtomicLong());
            pendingChunks.put(t, new AtomicInteger(chunks));
            if (chunks >= NEARLY_COPIED_MIN_CHUNKS) {
                nearlyAt.put(t, chunks / 3);
            }
            (first.contains(t) ? firstQueue : queue).addAll(plan);
            expectedRows += t.estimatedRows(); // fresh statistics (Catalog.rowEstimates): for progress only
        }
        progress.totals(expectedRows, 0, tables.size());
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(workers.size(), r -> {
            Thread th = new Thread(r, "cqrs-snapshot-worker");
            th.setDaemon(true);
            return th;
        });
        try {
            if (!firstQueue.isEmpty()) {
                copyChunks(pool, workers, firstQueue, rows, pendingChunks, nearlyAt, failed, options, sink, progress);
            }
            between.run();
            copyChunks(pool, workers, queue, rows, pendingChunks, nearlyAt, failed, options, sink, progress);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (TableSpec t : tables) {
            out.put(t.displayName(), rows.get(t).get());
        }
        return out;
    }

    /** Every worker copies chunks of {@code queue} until it is empty; the first failure is thrown. */
    private static void copyChunks(ExecutorService pool, List<Connection> workers, ConcurrentLinkedQueue<Chunk> queue,
                                   Map<TableSpec, AtomicLong> rows, Map<TableSpec, AtomicInteger> pendingChunks,
                                   Map<TableSpec, Integer> nearlyAt, AtomicBoolean failed, SnapshotOptions options, SnapshotSink sink,
                                   ProgressTracker progress) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (Connection w : workers) {
            futures.add(pool.submit(() -> {
                try (SnapshotSink.RowWriter writer = sink.rowWriter()) {
                    RowEncoder encoder = new RowEncoder(options.rowsPerInsert(), options.maxStatementBytes());
                    Chunk chunk;
                    while (!failed.get() && (chunk = queue.poll()) != null) {
                        long n = chunk.copy(w, encoder, writer, progress);
                        rows.get(chunk.table()).addAndGet(n);
                        int left = pendingChunks.get(chunk.table()).decrementAndGet();
                        if (left == 0) {
                            progress.tableDone();
                            sink.tableCopied(chunk.table());
                        } else if (left == nearlyAt.getOrDefault(chunk.table(), -1)) {
                            sink.tableNearlyCopied(chunk.table());
                        }
                    }
                } catch (Exception e) {
                    failed.set(true);
                    throw e;
                }
                return null;
            }));
        }
        Exception first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

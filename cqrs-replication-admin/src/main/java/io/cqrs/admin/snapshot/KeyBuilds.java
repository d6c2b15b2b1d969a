package io.cqrs.admin.snapshot;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.internal.BackgroundSessions;
import io.cqrs.admin.internal.TargetSessions;
import io.cqrs.common.dialect.Dialect;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deferred keys of a bulk copy ({@link DeferredKeys}): each table was created without its plain
 * secondary and foreign keys, and this adds them back — as soon as the table's rows are in, while
 * other tables are still copying, on two threads of their own (an index build is one sort per table,
 * two keep both cores of a small box busy), each over its own session of the target (no binlog, no
 * FK checks). A database's builds must all be done before its views and triggers
 * ({@link #finish}).
 *
 * <p>A table whose loads the target runs one at a time ({@code serialized}: it has an AUTO_INCREMENT
 * column and {@code innodb_autoinc_lock_mode} is below 2, MariaDB's default 1, so every
 * {@code LOAD DATA} holds the table's AUTO-INC lock to its end) keeps one core busy loading while the
 * other waits; its keys are built online once two thirds of it are in ({@link #tableNearlyCopied}),
 * so the index build's scan and sort use that core while the last third loads (rows loaded
 * meanwhile reach the new keys through the server's online ALTER log). Where the loads run in
 * parallel (MySQL 8.0's default 2) the target has no idle core to give, and an online build would
 * only add the log's work: the keys wait for the table's last load. A server that cannot build them
 * online ({@code ALGORITHM=INPLACE, LOCK=NONE} refused, or its online log overflows) builds them
 * after the last load too.
 *
 * <p>Only a table expected to hold {@link #DEFER_MIN_ROWS} rows or more has its keys deferred
 * ({@link #worthDeferring}): a smaller one is created whole, and its few rows go into its keys as they load —
 * an {@code ALTER TABLE} of its own costs more than that (a DDL statement's fixed cost is tens of
 * milliseconds on MySQL 8.0, which a schema of hundreds of small tables pays hundreds of times).
 * The builds run over two sessions of the target, which every build reuses ({@link BackgroundSessions}). A database
 * with foreign keys between its tables ({@link TableCreations#isLinked}) has its builds run one after another, in a
 * lane of their own: adding a foreign key locks the table at its other end, and two such DDL statements at once lock
 * each other as the creations of linked tables did ({@link TableCreations}). A build that still loses a lock runs
 * again ({@link LostLocks}).
 */
final class KeyBuilds implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyBuilds.class);

    /**
     * The row estimate ({@link TableSpec#estimatedRows}) from which a table's keys are deferred: a table of
     * less is read as one chunk ({@link SnapshotOptions#DEFAULT_CHUNK_ROWS}) and loaded by one statement. Measured
     * (benchmarks/RESULTS.md §3): 300 tables of 2,000 rows each copied in 0.68–0.93× the time with their keys
     * created whole; the sample schema (tables of 200 to 1,000,000 rows) no faster with its tables of 50,000 and
     * 100,000 rows created whole.
     */
    static final long DEFER_MIN_ROWS = 10_000;

    /** Builds, and so sessions, at most at once. */
    private static final int BUILDERS = 2;

    private final ServerEndpoint target;
    private final Dialect dialect;
    /** The bulk loads, whose last batches of a table a key build waits for; null when each reader loads its own. */
    private final LoadPipeline loads;
    private final long deferMinRows;
    /** Whether a database's tables have foreign keys between them: its builds run one at a time. */
    private final Predicate<String> linked;
    /** The ALTER TABLE that adds back a table's keys, until it is started. */
    private final Map<TableSpec, String> pending = new ConcurrentHashMap<>();
    /** Tables whose loads the target runs one at a time: their keys are built online. */
    private final Set<TableSpec> serialized = ConcurrentHashMap.newKeySet();
    /** Key builds started, per database. */
    private final Map<String, List<Future<?>>> started = new ConcurrentHashMap<>();
    /** The builds' threads and sessions, from the first build on. */
    private BackgroundSessions builder;

    /**
     * @param deferMinRows the row estimate from which a table's keys are deferred ({@link #DEFER_MIN_ROWS}; tests
     *                     lower it to defer the keys of their small tables)
     * @param linked       whether a database's tables have foreign keys between them ({@link TableCreations#isLinked})
     */
    KeyBuilds(ServerEndpoint target, Dialect dialect, LoadPipeline loads, long deferMinRows, Predicate<String> linked) {
        this.target = target;
        this.dialect = dialect;
        this.loads = loads;
        this.deferMinRows = deferMinRows;
        this.linked = linked;
    }

    /** Whether {@code table}'s keys are worth deferring: it is expected to hold this copy's minimum of rows or more. */
    boolean worthDeferring(TableSpec table) {
        return table.estimatedRows() >= deferMinRows;
    }

    /** {@code table} was created without the keys {@code alter} adds; {@code serialized}: its loads run one at a time. */
    void defer(TableSpec table, String alter, boolean serialized) {
        pending.put(table, alter);
        if (serialized) {
            this.serialized.add(table);
        }
    }

    /** The table's rows are in: its keys are built now. */
    void tableCopied(TableSpec table) {
        String alter = pending.remove(table);
        if (alter != null) {
            start(table, alter, false);
        }
    }

    /** Two thirds of a large table are in: a table whose loads run one at a time gets its keys online now. */
    void tableNearlyCopied(TableSpec table) {
        if (!serialized.contains(table)) {
            return;
        }
        String alter = pending.remove(table);
        if (alter != null) {
            start(table, alter, true);
        }
    }

    /** Starts what is left of {@code database}'s key builds (tables without rows) and waits for all of them. */
    void finish(String database) throws Exception {
        for (Map.Entry<TableSpec, String> e : List.copyOf(pending.entrySet())) {
            if (e.getKey().database().equals(database) && pending.remove(e.getKey()) != null) {
                start(e.getKey(), e.getValue(), false);
            }
        }
        List<Future<?>> builds = started.getOrDefault(database, List.of());
        long t0 = System.nanoTime();
        for (Future<?> f : builds) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        }
        if (!builds.isEmpty()) {
            log.info("deferred secondary and foreign keys of {} table(s) of {} built ({} ms spent waiting for them after the copy)",
                    builds.size(), database, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** {@code online}: while the table is still loading (see the class comment). */
    private synchronized void start(TableSpec table, String alter, boolean online) {
        String database = table.database();
        if (builder == null) {
            builder = new BackgroundSessions(BUILDERS, "cqrs-copy-keys", () -> TargetSessions.open(target, dialect, Map.of()));
        }
        BackgroundSessions.Work<Void> work = c -> {
            try (Statement st = c.createStatement()) {
                st.execute("USE " + SqlValues.identifier(database));
                build(st, table, alter, online);
            }
            return null;
        };
        started.computeIfAbsent(database, d -> new CopyOnWriteArrayList<>())
                .add(linked.test(database) ? builder.submit(database, work) : builder.submit(work));
    }

    private void build(Statement st, TableSpec table, String alter, boolean online) throws Exception {
        if (online) {
            try {
                st.execute(alter + ", ALGORITHM=INPLACE, LOCK=NONE");
                return;
            } catch (SQLException e) {
                log.debug("{}: keys not built online while loading ({}); building them after its last load",
                        table.displayName(), e.getMessage());
            }
        }
        if (loads != null) {
            loads.awaitTable(table); // its last batches may still be loading
        }
        LostLocks.execute(st, alter);
    }

    /** Stops the builds not started yet (a failed copy) and closes the sessions. */
    @Override
    public synchronized void close() {
        if (builder != null) {
            builder.close();
        }
    }
}

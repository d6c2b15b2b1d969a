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
 * The builds run over two sessions of the target, which every build reuses ({@link BackgroundSessions}). A table's
 * foreign keys come back in a statement of their own once its indexes are built ({@link DeferredKeys}), and a
 * database's foreign keys one statement at a time (a lane of {@link BackgroundSessions}): adding one locks the table at
 * its other end, and two such DDL statements at once can lock each other as the creations of linked tables did
 * ({@link TableCreations}). With the copy's foreign key checks off, adding one is a change of metadata, so running
 * them one after another costs little, while the index builds — the long part — still run two at a time. A build
 * that loses a lock runs again ({@link LostLocks}).
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
    /** What a table was created without, until its builds are started. */
    private final Map<TableSpec, DeferredKeys> pending = new ConcurrentHashMap<>();
    /** Tables whose loads the target runs one at a time: their keys are built online. */
    private final Set<TableSpec> serialized = ConcurrentHashMap.newKeySet();
    /** Key builds started, per database; a table's foreign keys are added to it before its index build ends. */
    private final Map<String, List<Future<?>>> started = new ConcurrentHashMap<>();
    /** The builds' threads and sessions, from the first build on. */
    private BackgroundSessions builder;

    /**
     * @param deferMinRows the row estimate from which a table's keys are deferred ({@link #DEFER_MIN_ROWS}; tests
     *                     lower it to defer the keys of their small tables)
     */
    KeyBuilds(ServerEndpoint target, Dialect dialect, LoadPipeline loads, long deferMinRows) {
        this.target = target;
        this.dialect = dialect;
        this.loads = loads;
        this.deferMinRows = deferMinRows;
    }

    /** Whether {@code table}'s keys are worth deferring: it is expected to hold this copy's minimum of rows or more. */
    boolean worthDeferring(TableSpec table) {
        return table.estimatedRows() >= deferMinRows;
    }

    /** {@code table} was created without the keys {@code deferred} adds back; {@code serialized}: its loads run one at a time. */
    void defer(TableSpec table, DeferredKeys deferred, boolean serialized) {
        pending.put(table, deferred);
        if (serialized) {
            this.serialized.add(table);
        }
    }

    /** The table's rows are in: its keys are built now. */
    void tableCopied(TableSpec table) {
        DeferredKeys deferred = pending.remove(table);
        if (deferred != null) {
            start(table, deferred, false);
        }
    }

    /** Two thirds of a large table are in: a table whose loads run one at a time gets its keys online now. */
    void tableNearlyCopied(TableSpec table) {
        if (!serialized.contains(table)) {
            return;
        }
        DeferredKeys deferred = pending.remove(table);
        if (deferred != null) {
            start(table, deferred, true);
        }
    }

    /** Starts what is left of {@code database}'s key builds (tables without rows) and waits for all of them. */
    void finish(String database) throws Exception {
        for (Map.Entry<TableSpec, DeferredKeys> e : List.copyOf(pending.entrySet())) {
            if (e.getKey().database().equals(database) && pending.remove(e.getKey()) != null) {
                start(e.getKey(), e.getValue(), false);
            }
        }
        List<Future<?>> builds = started.getOrDefault(database, List.of());
        long t0 = System.nanoTime();
        for (int i = 0; i < builds.size(); i++) { // grows while an index build adds its table's foreign keys
            try {
                builds.get(i).get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        }
        if (!builds.isEmpty()) {
            log.info("{} deferred key build(s) of {} done ({} ms spent waiting for them after the copy)",
                    builds.size(), database, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** {@code online}: while the table is still loading (see the class comment). */
    private synchronized void start(TableSpec table, DeferredKeys deferred, boolean online) {
        String database = table.database();
        if (builder == null) {
            builder = new BackgroundSessions(BUILDERS, "cqrs-copy-keys", () -> TargetSessions.open(target, dialect, Map.of()));
        }
        List<Future<?>> builds = started.computeIfAbsent(database, d -> new CopyOnWriteArrayList<>());
        if (deferred.keysSql() == null) {
            builds.add(addForeignKeys(table, deferred.foreignKeysSql()));
            return;
        }
        builds.add(builder.submit(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("USE " + SqlValues.identifier(database));
                build(st, table, deferred.keysSql(), online);
            }
            if (deferred.foreignKeysSql() != null) {
                builds.add(addForeignKeys(table, deferred.foreignKeysSql())); // after the indexes they use; before this ends
            }
            return null;
        }));
    }

    /** Adds {@code table}'s foreign keys once its rows are in, in its database's lane (see the class comment). */
    private Future<?> addForeignKeys(TableSpec table, String sql) {
        return builder.submit(table.database(), c -> {
            if (loads != null) {
                loads.awaitTable(table);
            }
            try (Statement st = c.createStatement()) {
                st.execute("USE " + SqlValues.identifier(table.database()));
                LostLocks.execute(st, sql);
            }
            return null;
        });
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

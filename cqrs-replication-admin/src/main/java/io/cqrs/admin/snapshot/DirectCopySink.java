package io.cqrs.admin.snapshot;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.admin.internal.Sessions;
import io.cqrs.admin.internal.TargetSessions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a snapshot straight into another server (a replica being provisioned) with no file in
 * between. Every worker inserts over its own connection with {@code sql_log_bin=0} (no errant
 * GTIDs), checks off, READ COMMITTED (no gap locks between workers filling one table), one
 * auto-committed multi-row INSERT at a time; an INSERT that loses a deadlock or lock wait to
 * another worker is atomic and is simply run again (a few times, {@link LostLocks}). read_only is lifted for the copy
 * and put back on close; a low {@code innodb_io_capacity} is raised likewise ({@link TargetSessions#COPY_IO_CAPACITY}). Refuses a target
 * that is replicating.
 *
 * <p>Bulk load (the default): tables whose every column type round-trips exactly
 * ({@link ValueKind#loadable}) are loaded with {@code LOAD DATA LOCAL INFILE} from an in-memory
 * stream of tab-separated rows built from the source's bytes ({@link TsvEncoder}): no SQL text
 * of the values is built on the client or parsed on the target. {@code local_infile} is switched
 * on for the copy where it is off (MySQL 8.0's default) and put back on close; the writer
 * connections allow local infile (the target is the server being provisioned, which the operator
 * controls: a server may ask such a connection for a client file). Every load must report exactly
 * the rows sent and no warning (with LOCAL, the server turns data errors into warnings), else the
 * copy fails. The loads run on their own sessions ({@link LoadPipeline}, {@link #DEFAULT_LOADERS}
 * of them): the readers hand each batch over and go on reading, and every loader takes the next
 * batch of any table, so even one large table is loaded by several sessions at once and the
 * target never waits for the source; the first failed load fails the whole copy, naming the table.
 * Other tables, or every table when the target refuses local infile, get INSERTs.
 * A bulk copy also creates each large table without its plain secondary keys and foreign keys and adds
 * them as soon as the table's rows are in, while other tables are still copying ({@link DeferredKeys}):
 * one sorted index build instead of a random B-tree insert per row (a small table is created whole,
 * {@link KeyBuilds#worthDeferring}). A large table whose loads the
 * target must run one at a time (an AUTO_INCREMENT column under {@code innodb_autoinc_lock_mode} 1)
 * gets them online while its last third loads ({@link KeyBuilds}). The tables themselves are created in the
 * background, two at a time (a database with foreign keys between its tables one after another), while the first
 * rows are read and loaded; each table's loads wait for its creation
 * ({@link TableCreations}; the DDL of one: {@link TargetTables}). A MariaDB target's loading sessions check unique
 * keys ({@link Dialect#bulkLoadSessionSetting}).
 */
public final class DirectCopySink implements SnapshotSink {

    private static final Logger log = LoggerFactory.getLogger(DirectCopySink.class);

    /**
     * No JDBC escape processing: the INSERTs are plain SQL, and Connector/J would otherwise scan
     * every (up to 1 MB) statement for {@code {fn ...}} escapes — 12 % of a copy worker's CPU in a
     * JFR profile.
     */
    private static final Map<String, String> WRITER_PROPS = Map.of("useCompression", "false", "enableEscapeProcessing", "false");

    /** Loading sessions of a bulk copy. */
    public static final int DEFAULT_LOADERS = 4;

    /**
     * The socket send buffer of each loading session (Connector/J {@code tcpSndBuf}; the kernel caps it at
     * {@code net.core.wmem_max}): large enough for a whole batch, so the server reads a {@code LOAD DATA LOCAL}'s input
     * without waiting for the loading thread to be scheduled again — on MariaDB while the load holds the table's
     * AUTO-INC lock. Side by side on 1M rows: MariaDB 0.84–0.94×, MySQL 0.91× the time, the target spending 7–16 % less
     * CPU (benchmarks/RESULTS.md §3).
     */
    static final int LOADER_SEND_BUFFER = 8 << 20;

    private final ServerEndpoint target;
    private final int loaders;
    private final long deferKeysMinRows;
    private boolean bulkLoad;
    /** The bulk loads, on their own sessions; null when copying with INSERTs. */
    private LoadPipeline pipeline;
    private Dialect dialect;
    /** The largest INSERT the target takes ({@code max_allowed_packet}, less a little). */
    private long maxInsertBytes;
    private Connection control;
    private AutoCloseable writable;
    private AutoCloseable localInfile;
    private AutoCloseable ioCapacity;
    /** The keys a bulk copy created its tables without, built back as the tables' rows come in. */
    private KeyBuilds keys;
    /** The tables, created in the background while the rows are read. */
    private TableCreations tables;
    /** What creates each of them. */
    private TargetTables ddl;

    /** A copy into {@code target} that bulk-loads every table it can (see the class comment). */
    public DirectCopySink(ServerEndpoint target) {
        this(target, true);
    }

    /** {@code bulkLoad = false}: multi-row INSERTs for every table, local infile never touched. */
    public DirectCopySink(ServerEndpoint target, boolean bulkLoad) {
        this(target, bulkLoad, DEFAULT_LOADERS);
    }

    /**
     * {@code loaders}: sessions of the target that run the bulk loads (1-64), fed by every reader
     * through one queue, several at a time into one table when it is the only one left; 0 loads
     * each batch in the thread that read it, over that thread's own session (the copy before
     * issue #18, kept for comparison).
     */
    public DirectCopySink(ServerEndpoint target, boolean bulkLoad, int loaders) {
        this(target, bulkLoad, loaders, KeyBuilds.DEFER_MIN_ROWS);
    }

    /** {@code deferKeysMinRows}: the row estimate from which a table's keys are deferred (tests lower it; {@link KeyBuilds}). */
    DirectCopySink(ServerEndpoint target, boolean bulkLoad, int loaders, long deferKeysMinRows) {
        if (loaders < 0 || loaders > 64) {
            throw new IllegalArgumentException("loaders = " + loaders + " is out of range; use 0-64 (default " + DEFAULT_LOADERS + ")");
        }
        this.target = target;
        this.bulkLoad = bulkLoad;
        this.loaders = loaders;
        this.deferKeysMinRows = deferKeysMinRows;
    }

    @Override
    public void begin(SnapshotHeader header) throws Exception {
        dialect = target.dialect();
        control = TargetSessions.open(target, dialect, Map.of());
        TargetSessions.requireNotReplicating(control, dialect, target, "direct copy into " + target);
        writable = TargetSessions.writable(control, dialect);
        try (Statement st = control.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.max_allowed_packet")) {
            maxInsertBytes = rs.next() ? rs.getLong(1) - 1024 : 0; // the statement's packet header and slack
        }
        ioCapacity = TargetSessions.ioCapacityForCopy(control, target);
        if (bulkLoad) {
            localInfile = enableLocalInfile();
        }
        // the target's innodb_autoinc_lock_mode is below 2: a LOAD DATA into a table with an AUTO_INCREMENT column holds its AUTO-INC lock
        boolean autoIncLoadsSerialize = false;
        if (bulkLoad) { // still: enableLocalInfile turns bulk loading off when the target refuses local infile
            try (Statement st = control.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.innodb_autoinc_lock_mode")) {
                autoIncLoadsSerialize = rs.next() && rs.getInt(1) < 2;
            } catch (SQLException e) {
                log.debug("{}: innodb_autoinc_lock_mode not readable ({}); keys are built after each table's last load", target, e.getMessage());
            }
        }
        if (bulkLoad && loaders > 0) {
            Map<String, String> props = new LinkedHashMap<>(WRITER_PROPS);
            props.put("allowLoadLocalInfile", "true");
            props.put("tcpSndBuf", Integer.toString(LOADER_SEND_BUFFER));
            List<Connection> sessions = Sessions.openAll(loaders, "loading sessions of " + target, () -> {
                Connection c = TargetSessions.open(target, dialect, props);
                try (Statement st = c.createStatement()) {
                    st.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
                    if (dialect.bulkLoadSessionSetting() != null) {
                        st.execute(dialect.bulkLoadSessionSetting());
                    }
                } catch (SQLException e) {
                    c.close();
                    throw e;
                }
                return c;
            });
            try {
                pipeline = new LoadPipeline(target.toString(), sessions);
            } catch (SQLException | RuntimeException e) {
                for (Connection c : sessions) {
                    c.close();
                }
                throw e;
            }
        }
        tables = new TableCreations(() -> TargetSessions.open(target, dialect, Map.of()));
        keys = new KeyBuilds(target, dialect, pipeline, deferKeysMinRows);
        ddl = new TargetTables(keys, bulkLoad, autoIncLoadsSerialize);
    }

    /** Switches {@code local_infile} on if needed; returns how to put it back, or null (and no bulk load) when refused. */
    private AutoCloseable enableLocalInfile() throws SQLException {
        try (Statement st = control.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.local_infile")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return () -> { };
            }
        }
        try (Statement st = control.createStatement()) {
            st.execute("SET GLOBAL local_infile = 1");
        } catch (SQLException e) {
            bulkLoad = false;
            log.info("copy into {} uses INSERTs: local_infile is off and could not be switched on ({})", target, e.getMessage());
            return null;
        }
        return () -> {
            try (Statement st = control.createStatement()) {
                st.execute("SET GLOBAL local_infile = 0");
            } catch (SQLException e) {
                log.warn("could not switch local_infile back off on {}: {}", target, e.getMessage());
            }
        };
    }

    @Override
    public void database(String database, String createSql) throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute(DumpFileSink.createIfNotExists(createSql));
        }
        ddl.inventory(control, database);
    }

    @Override
    public void sequence(SequenceSpec sequence) throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute("USE " + SqlValues.identifier(sequence.database()));
            for (String s : sequence.statements()) {
                st.execute(s);
            }
        }
    }

    /** Checks what it can at once, and creates the table in the background ({@link TableCreations}). */
    @Override
    public void table(TableSpec table, String createSql) throws Exception {
        if (table.versioned()) {
            requireHistoryInsert(table);
        }
        if (createSql.toUpperCase(Locale.ROOT).contains("FOREIGN KEY")) {
            tables.linked(table.database()); // its loads wait for all the database's tables (TableCreations)
        }
        tables.submit(table, session -> ddl.create(session, table, createSql));
    }

    @Override
    public RowWriter rowWriter() throws Exception {
        tables.start(); // every table is named by now (TableCreations)
        LoadPipeline loads = pipeline;
        boolean inline = bulkLoad && pipeline == null; // loaders = 0
        return new RowWriter() {
            /** This writer's own session, for the INSERTs of tables that are not bulk-loaded; opened on first use. */
            private Connection c;
            private Statement st;

            private void session(boolean localInfile) throws SQLException {
                if (st == null) {
                    Map<String, String> props = WRITER_PROPS;
                    if (localInfile) {
                        props = new LinkedHashMap<>(WRITER_PROPS);
                        props.put("allowLoadLocalInfile", "true");
                    }
                    c = TargetSessions.open(target, dialect, props);
                    st = c.createStatement();
                    st.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
                }
            }

            @Override
            public void insert(TableSpec table, String insertSql, int rows) throws Exception {
                tables.await(table);
                session(inline);
                LostLocks.execute(st, insertSql); // an INSERT that lost to another worker's is atomic
            }

            @Override
            public boolean loadsRows(TableSpec table) {
                return (loads != null || inline) && table.bulkLoadable();
            }

            @Override
            public long maxInsertBytes() {
                return maxInsertBytes;
            }

            @Override
            public byte[] load(TableSpec table, byte[] data, int length, int rows) throws Exception {
                tables.await(table);
                if (loads != null) {
                    return loads.submit(table, data, length, rows);
                }
                session(true);
                LoadPipeline.load(st, target.toString(), table, data, length, rows); // loaders = 0: in the reading thread
                return data;
            }

            /** Everything this writer handed over is loaded (waits for the loaders) and every INSERT committed. */
            @Override
            public void close() throws Exception {
                try (Connection conn = c; Statement s = st) {
                    if (loads != null) {
                        loads.awaitAll();
                    }
                }
            }
        };
    }

    /** The table's rows are in: its deferred keys are built now, while other tables are still copying ({@link KeyBuilds}). */
    @Override
    public void tableCopied(TableSpec table) throws Exception {
        tables.await(table); // and so its keys are known
        keys.tableCopied(table);
    }

    /** Two thirds of a large table are in: where the target runs its loads one at a time, its keys are built online now ({@link KeyBuilds}). */
    @Override
    public void tableNearlyCopied(TableSpec table) throws Exception {
        tables.await(table);
        keys.tableNearlyCopied(table);
    }

    /** The target's sessions can write a system-versioned table's row versions ({@link TargetSessions#open}). */
    private void requireHistoryInsert(TableSpec table) throws SQLException {
        boolean on = false;
        try (Statement st = control.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.system_versioning_insert_history")) {
            on = rs.next() && rs.getInt(1) == 1;
        } catch (SQLException e) {
            log.debug("{}: system_versioning_insert_history not readable ({})", target, e.getMessage());
        }
        if (!on) {
            throw new AdminException(table.displayName() + " is system-versioned, and " + target + " cannot take its history"
                    + " (system_versioning_insert_history is not on in its sessions; it needs MariaDB 10.11 or later):"
                    + " upgrade the target, or copy the table without history by hand");
        }
    }

    @Override
    public void schemaObjects(String database, List<SchemaObject> objects) throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute("USE " + SqlValues.identifier(database));
            // every row is in: the tables and their deferred keys must be complete before views and triggers
            tables.awaitDatabase(database);
            keys.finish(database);
            for (SchemaObject o : objects) {
                st.execute(o.dropSql());
                for (String s : o.before()) {
                    st.execute(s);
                }
                st.execute(o.createSql());
                for (String s : o.after()) {
                    st.execute(s);
                }
            }
        }
    }

    @Override
    public void finish(SnapshotResult result) throws Exception {
        if (pipeline != null) {
            pipeline.awaitAll();
        }
    }

    @Override
    public void close() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        if (tables != null) {
            tables.close();
        }
        if (keys != null) {
            keys.close();
        }
        try (Connection c = control) {
            if (ioCapacity != null) {
                ioCapacity.close();
            }
            if (localInfile != null) {
                localInfile.close();
            }
            if (writable != null) {
                writable.close();
            }
        }
    }
}
